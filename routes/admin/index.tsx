/** The installation at a glance: totals, who is here now, and the last 30 days as charts. */
import { type AdminStats, adminStats } from "../../admin/stats.ts";
import type { PageProps } from "../../framework/server.ts";
import { fileSize } from "../../lib/client/file_size.ts";
import { type ClockSettings, makeClock } from "../../lib/client/time.ts";
import { clockOf } from "../../lib/prefs.ts";
import type { SignedInState } from "../../lib/signed_in.ts";
import { withRole } from "../../lib/staff.ts";
import { TICKET_STATUSES } from "../../support/tickets.ts";
import { AdminPage } from "../../components/admin/AdminPage.tsx";
import { BarChart } from "../../components/admin/BarChart.tsx";

interface Data {
  stats: AdminStats;
  clock: ClockSettings;
}

export const handler = withRole<Data>("admin", {
  async GET(req, ctx) {
    const { db, hub, processId } = ctx.state.services;
    const stats = await adminStats(db, new Date(), { processId, sockets: hub.size });
    return ctx.render({ stats, clock: clockOf(req, ctx.state.lang) });
  },
});

/** A wait as people say it: "35 min", "4.5 h", "2 days". */
function duration(ms: number, lang: string): string {
  const minutes = ms / 60_000;
  const [value, unit] = minutes < 90
    ? [Math.max(1, Math.round(minutes)), "minute"]
    : minutes < 48 * 60
    ? [Math.round(minutes / 6) / 10, "hour"]
    : [Math.round(minutes / 144) / 10, "day"];
  return new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: "short" }).format(value);
}

export default function Stats({ data, state }: PageProps<Data, SignedInState>) {
  const { t, lang } = state;
  const { stats } = data;
  const number = new Intl.NumberFormat(lang);
  const format = (n: number) => number.format(n);
  const clock = makeClock(data.clock);
  const day = (iso: string) => clock.dayOf(`${iso}T12:00:00Z`);
  const series = (pick: (d: AdminStats["days"][number]) => number) =>
    stats.days.map((d) => ({ label: day(d.day), value: pick(d) }));
  const figures: [string, string][] = [
    [t("admin.stats.users"), format(stats.usersTotal)],
    [t("admin.stats.activeToday"), format(stats.activeToday)],
    [t("admin.stats.active30d"), format(stats.active30d)],
    [t("admin.stats.socketsNow"), format(stats.socketsNow)],
    [t("admin.stats.groups"), format(stats.groupsTotal)],
    [t("admin.stats.files"), format(stats.filesTotal)],
    [t("admin.stats.storage"), fileSize(stats.storageBytes, lang)],
    [
      t("admin.stats.ticketsOpen"),
      format(stats.tickets.new + stats.tickets.open),
    ],
    [
      t("admin.stats.firstResponse"),
      stats.firstResponseMs === null ? "—" : duration(stats.firstResponseMs, lang),
    ],
  ];
  return (
    <AdminPage state={state} section="stats" title={t("admin.title")}>
      <dl class="figures">
        {figures.map(([label, value]) => (
          <div key={label} class="figure">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p class="hint">
        {stats.countedAt
          ? t("admin.stats.countedAt", {
            when: clock.momentOf(stats.countedAt.toISOString()),
            processes: stats.processes,
          })
          : t("admin.stats.notCounted")}
      </p>
      <h2>{t("admin.stats.ticketsByStatus")}</h2>
      <dl class="figures">
        {TICKET_STATUSES.map((status) => (
          <div key={status} class="figure">
            <dt>{t(`tickets.status.${status}`)}</dt>
            <dd>
              <a href={`/admin/tickets?status=${status}`}>{format(stats.tickets[status])}</a>
            </dd>
          </div>
        ))}
      </dl>
      <div class="charts">
        <BarChart
          title={t("admin.stats.messagesPerDay")}
          bars={series((d) => d.messages)}
          format={format}
        />
        <BarChart
          title={t("admin.stats.activePerDay")}
          bars={series((d) => d.activeUsers)}
          format={format}
        />
        <BarChart
          title={t("admin.stats.newPerDay")}
          bars={series((d) => d.newUsers)}
          format={format}
        />
      </div>
    </AdminPage>
  );
}
