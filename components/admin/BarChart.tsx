/**
 * A bar chart drawn on the server as SVG: one bar a day, the largest value marked, the first day
 * of each week named. No script and no chart library; the figures are also in the bars' titles,
 * for pointers and screen readers.
 */
export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 600;
const HEIGHT = 160;
const BOTTOM = 20;
const TOP = 14;

export function BarChart(
  { title, bars, format }: { title: string; bars: Bar[]; format: (n: number) => string },
) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const step = WIDTH / Math.max(1, bars.length);
  const plot = HEIGHT - BOTTOM - TOP;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${title}: ${
          bars.map((bar) => `${bar.label} ${format(bar.value)}`).join(", ")
        }`}
      >
        <text x="0" y="10" class="chart-max">{format(max)}</text>
        <line x1="0" x2={WIDTH} y1={TOP} y2={TOP} class="chart-grid" />
        <line x1="0" x2={WIDTH} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} class="chart-axis" />
        {bars.map((bar, index) => {
          const height = bar.value / max * plot;
          return (
            <g key={bar.label}>
              <rect
                x={index * step + 1}
                y={HEIGHT - BOTTOM - height}
                width={Math.max(1, step - 2)}
                height={height}
                class="chart-bar"
              >
                <title>{`${bar.label}: ${format(bar.value)}`}</title>
              </rect>
              {index % 7 === 0 && (
                <text x={index * step} y={HEIGHT - 4} class="chart-label">{bar.label}</text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
