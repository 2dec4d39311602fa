/** The body of the 404, 500 and 503 pages. */
import { Head } from "../framework/runtime.ts";
import type { Translate } from "../i18n/mod.ts";

export function ErrorPage({ status, t }: { status: 404 | 500 | 503; t: Translate }) {
  const title = t(`error.${status}.title`);
  return (
    <section class="error-page">
      <Head>
        <title>{title} — {t("app.name")}</title>
      </Head>
      <p class="error-code">{status}</p>
      <h1>{title}</h1>
      <p>{t(`error.${status}.text`)}</p>
      <p>
        <a class="button" href="/">{t("error.home")}</a>
      </p>
    </section>
  );
}
