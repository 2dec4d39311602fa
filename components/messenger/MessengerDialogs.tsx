/**
 * Whichever dialog of the messenger is open: a chat's menu and deletion, finding people, the
 * contacts, a new group, a group's info panel, who read a message, reporting or forwarding one,
 * a message's photos, and the stickers.
 */
import type { Request } from "../../lib/client/socket.ts";
import type { Clock } from "../../lib/client/time.ts";
import type { Attachment } from "../../chats/message_rows.ts";
import type { Wire } from "../../ws/protocol.ts";
import { Lazy } from "./Lazy.tsx";

// Loaded when first opened: most visits open none of them.
const chatDialogs = () => import("./ChatDialogs.tsx").then((m) => m.ChatDialogs);
const groupPanel = () => import("./GroupPanel.tsx").then((m) => m.GroupPanel);
const newGroupDialog = () => import("./NewGroupDialog.tsx").then((m) => m.NewGroupDialog);
const deleteMessageDialog = () =>
  import("./DeleteMessageDialog.tsx").then((m) => m.DeleteMessageDialog);
const contactsDialog = () => import("./ContactsDialog.tsx").then((m) => m.ContactsDialog);
const stickerPicker = () => import("./StickerPicker.tsx").then((m) => m.StickerPicker);
const photoViewer = () => import("./PhotoViewer.tsx").then((m) => m.PhotoViewer);
const readByDialog = () => import("./ReadByDialog.tsx").then((m) => m.ReadByDialog);
const reportDialog = () => import("./ReportDialog.tsx").then((m) => m.ReportDialog);
const forwardDialog = () => import("./ForwardDialog.tsx").then((m) => m.ForwardDialog);

/** Which dialog is open. */
export type Dialog =
  | "menu"
  | "delete"
  | "add"
  | "contacts"
  | "newGroup"
  | "stickers"
  | "group"
  | { readBy: number }
  | { deleting: number }
  | { reporting: number }
  | { forwarding: number }
  | { photos: Wire<Attachment>[]; index: number };

interface Props {
  dialog: Dialog;
  me: number;
  /** Whether the user's address is confirmed. */
  emailConfirmed: boolean;
  /** The open chat; `group` when it is a group one is in. */
  chat?: { id: number; title: string; muted: boolean; otherId?: number; group: boolean };
  /** The chats one may forward to. */
  chats: { id: number; title: string }[];
  /** Changes when the open group changes, for its info panel to read it again. */
  groupVersion: number;
  csrf: string;
  locale: string;
  clock: Clock;
  labels: Record<string, string>;
  request: Request;
  onDialog(dialog?: Dialog): void;
  onMuted(muted: boolean): void;
  onSticker(sticker: string): void;
}

export function MessengerDialogs({ dialog, chat, labels, request, onDialog, ...props }: Props) {
  const close = () => onDialog(undefined);
  if (typeof dialog === "object" && "photos" in dialog) {
    return <Lazy load={photoViewer} props={{ ...dialog, labels, onClose: close }} />;
  }
  if (typeof dialog === "object" && "deleting" in dialog) {
    const messageId = dialog.deleting;
    return (
      <Lazy
        load={deleteMessageDialog}
        props={{
          labels,
          onClose: close,
          onDelete: () => void request("messages.delete", { messageId }),
        }}
      />
    );
  }
  if (typeof dialog === "object" && "forwarding" in dialog) {
    return (
      <Lazy
        load={forwardDialog}
        props={{
          messageId: dialog.forwarding,
          chats: props.chats,
          labels,
          request,
          onClose: close,
        }}
      />
    );
  }
  if (typeof dialog === "object" && "reporting" in dialog) {
    return (
      <Lazy
        load={reportDialog}
        props={{ messageId: dialog.reporting, labels, request, onClose: close }}
      />
    );
  }
  if (typeof dialog === "object") {
    return (
      <Lazy
        load={readByDialog}
        props={{ messageId: dialog.readBy, clock: props.clock, labels, request, onClose: close }}
      />
    );
  }
  if (dialog === "stickers") {
    return (
      <Lazy load={stickerPicker} props={{ labels, onPick: props.onSticker, onClose: close }} />
    );
  }
  if (dialog === "newGroup") {
    return (
      <Lazy load={newGroupDialog} props={{ labels, csrf: props.csrf, request, onClose: close }} />
    );
  }
  if (dialog === "contacts") {
    return (
      <Lazy
        load={contactsDialog}
        props={{
          labels,
          emailConfirmed: props.emailConfirmed,
          csrf: props.csrf,
          request,
          onFindPeople: () => onDialog("add"),
          onClose: close,
        }}
      />
    );
  }
  if (dialog === "group") {
    if (!chat) return null;
    return (
      <Lazy
        load={groupPanel}
        props={{
          chatId: chat.id,
          me: props.me,
          labels,
          locale: props.locale,
          csrf: props.csrf,
          version: props.groupVersion,
          request,
          onClose: close,
        }}
      />
    );
  }
  return (
    <Lazy
      load={chatDialogs}
      props={{
        dialog,
        chat,
        labels,
        request,
        onDialog,
        onInfo: chat?.group ? () => onDialog("group") : undefined,
        onMuted: props.onMuted,
        emailConfirmed: props.emailConfirmed,
        csrf: props.csrf,
      }}
    />
  );
}
