/** The body of the error pages: a refused request (4xx), not found, a failure, unavailable. */
import { Head } from "../framework/runtime.ts";
import type { Translate } from "../i18n/mod.ts";

/** Which text a status gets: every other 4xx reads as a refused request, every 5xx as a failure. */
function kindOf(status: number): 400 | 404 | 500 | 503 {
  if (status === 404 || status === 503) return status;
  return status >= 400 && status < 500 ? 400 : 500;
}

export function ErrorPage(
  { status, t, detail }: { status: number; t: Translate; detail?: string },
) {
  const kind = kindOf(status);
  const title = t(`error.${kind}.title`);
  return (
    <section class="error-page">
      <Head>
        <title>{title} — {t("app.name")}</title>
      </Head>
      <p class="error-code">{kind === 500 ? 500 : status}</p>
      <h1>{title}</h1>
      <p>{t(`error.${kind}.text`)}</p>
      {detail && <p class="error-detail">{detail}</p>}
      <p>
        <a class="button" href="/">{t("error.home")}</a>
      </p>
    </section>
  );
}
