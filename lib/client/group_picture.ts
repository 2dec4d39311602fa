/** Uploads a group's picture from the browser, as a form carrying the page's CSRF token. */
import { CSRF_FIELD } from "../csrf_field.ts";

/** Resolves to the refusal's text, or undefined once the picture is set. */
export async function uploadGroupPicture(
  chatId: number,
  file: File,
  csrf: string,
): Promise<string | undefined> {
  const body = new FormData();
  body.set(CSRF_FIELD, csrf);
  body.set("picture", file);
  const response = await fetch(`/group-pictures/${chatId}`, { method: "POST", body });
  return response.ok ? undefined : (await response.text()) || String(response.status);
}
