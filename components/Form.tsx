/** Form building blocks shared by the account pages. */
import type { ComponentChildren } from "preact";
import type { AccountError } from "../accounts/errors.ts";
import { type Lang, type MessageKey, messagesWithPrefix, type Translate } from "../i18n/mod.ts";
import { CSRF_FIELD } from "../lib/csrf.ts";

/** The hidden CSRF field every form carries. */
export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

/** The strings the live-checking islands show: rule errors and strength levels. */
export function fieldMessages(lang: Lang): Record<string, string> {
  return { ...messagesWithPrefix(lang, "error."), ...messagesWithPrefix(lang, "strength.") };
}

/** The message of an account error, in the page's language. */
export function errorText(t: Translate, error: AccountError): string {
  return t(`error.${error.code}` as MessageKey, {
    seconds: error.retryAfter ?? 0,
    ...error.params,
  });
}

/** An error about the whole form. */
export function FormAlert(
  { children, kind = "error" }: { children: ComponentChildren; kind?: "error" | "ok" },
) {
  return <p class={`alert ${kind}`} role={kind === "error" ? "alert" : "status"}>{children}</p>;
}

interface FieldProps {
  name: string;
  label: string;
  type?: "text" | "email" | "password";
  value?: string;
  hint?: string;
  error?: string;
  autocomplete?: string;
  required?: boolean;
  autofocus?: boolean;
  inputmode?: "numeric" | "text" | "email";
  maxLength?: number;
  pattern?: string;
}

/** A labelled input with its rule below it, and its error when it was refused. */
export function Field(props: FieldProps) {
  const id = `field-${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  return (
    <div class={`field${props.error ? " invalid" : ""}`}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        // Preact types each input type apart; any of the three takes these attributes.
        type={(props.type ?? "text") as "text"}
        value={props.value}
        autocomplete={props.autocomplete}
        required={props.required}
        autofocus={props.autofocus}
        inputMode={props.inputmode}
        maxLength={props.maxLength}
        pattern={props.pattern}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
      />
      {props.error && <p id={errorId} class="field-error">{props.error}</p>}
      {props.hint && <p id={hintId} class="hint">{props.hint}</p>}
    </div>
  );
}
