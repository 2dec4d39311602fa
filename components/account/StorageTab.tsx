/** The space the user's files take against their quota, and what takes it. */
import { fileSize } from "../../lib/client/file_size.ts";
import type { TabProps } from "./AccountForm.tsx";

export function StorageTab({ data, state }: TabProps) {
  const { t, lang } = state;
  const use = data.storage;
  if (!use) return null;
  return (
    <>
      <p>
        {t("account.storage.used", {
          used: fileSize(use.usedBytes, lang),
          quota: fileSize(use.quotaBytes, lang),
        })}
      </p>
      <meter
        min={0}
        max={use.quotaBytes}
        value={use.usedBytes}
        aria-label={t("account.tab.storage")}
      >
        {Math.round(use.usedBytes / use.quotaBytes * 100)}%
      </meter>
      {use.byKind.length === 0 ? <p>{t("account.storage.none")}</p> : (
        <table class="storage">
          <tbody>
            {use.byKind.map((row) => (
              <tr key={row.kind}>
                <th scope="row">{t(`account.storage.${row.kind}`)}</th>
                <td>{row.count}</td>
                <td>{fileSize(row.bytes, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="hint">{t("account.storage.hint")}</p>
    </>
  );
}
