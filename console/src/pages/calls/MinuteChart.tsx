import { useTranslation } from 'react-i18next';

export interface ChartSeries {
  label: string;
  /** Bars; a line with a dot per value (gaps where null); or dots only where not zero. */
  kind: 'bar' | 'line' | 'dots';
  /** CSS class of its bars or line (its colour). */
  className: string;
  /** One value per minute; null leaves a gap in a line. */
  values: ReadonlyArray<number | null>;
}

const W = 640;
const H = 170;
const PAD = { left: 48, right: 16, top: 10, bottom: 22 };

/** A plain SVG chart of per-minute series (bars and lines) over the same minutes. */
export function MinuteChart({
  title,
  minutes,
  series,
  format = String,
}: {
  title: string;
  /** Start of each minute (ISO 8601), oldest first. */
  minutes: readonly string[];
  series: readonly ChartSeries[];
  format?: (v: number) => string;
}) {
  const { i18n } = useTranslation();
  const n = Math.max(1, minutes.length);
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0))));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / n;
  const x = (i: number) => PAD.left + i * slot + slot / 2;
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const label = (i: number) => {
    const m = minutes[i];
    return m ? new Date(m).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }) : '';
  };
  const ticks = [0, 15, 30, 45, n - 1].filter((i) => i < n);
  return (
    <figure className="chart">
      <figcaption>
        {title}
        <span className="chart-legend">
          {series.map((s) => (
            <span key={s.label} className="chart-legend-item">
              <span className={`chart-swatch ${s.className}`} /> {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        {[0, max / 2, max].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
            <text x={PAD.left - 4} y={y(v) + 4} className="chart-axis" textAnchor="end">
              {format(v)}
            </text>
          </g>
        ))}
        {series.map((s) =>
          s.kind === 'bar' ? (
            <g key={s.label}>
              {s.values.map((v, i) => (
                <rect
                  key={minutes[i] ?? i}
                  x={PAD.left + i * slot + 1}
                  y={y(v ?? 0)}
                  width={Math.max(1, slot - 2)}
                  height={PAD.top + plotH - y(v ?? 0)}
                  className={s.className}
                >
                  <title>{`${label(i)} ${s.label}: ${format(v ?? 0)}`}</title>
                </rect>
              ))}
            </g>
          ) : (
            <g key={s.label}>
              {(s.kind === 'line' ? segments(s.values) : []).map((seg) => (
                <polyline
                  key={seg[0]}
                  points={seg.map((i) => `${x(i)},${y(s.values[i] ?? 0)}`).join(' ')}
                  className={`chart-line ${s.className}`}
                />
              ))}
              {s.values.map((v, i) =>
                v === null || (s.kind === 'dots' && v === 0) ? null : (
                  <circle
                    key={minutes[i] ?? i}
                    cx={x(i)}
                    cy={y(v)}
                    r={s.kind === 'dots' ? 3.5 : 2.5}
                    className={`chart-dot ${s.className}`}
                  >
                    <title>{`${label(i)} ${s.label}: ${format(v)}`}</title>
                  </circle>
                ),
              )}
            </g>
          ),
        )}
        {ticks.map((i) => (
          <text key={i} x={x(i)} y={H - 6} className="chart-axis" textAnchor={i === n - 1 ? 'end' : 'middle'}>
            {label(i)}
          </text>
        ))}
      </svg>
    </figure>
  );
}

/** Runs of consecutive minutes with a value, as lists of indexes. */
function segments(values: ReadonlyArray<number | null>): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length > 0) out.push(run);
      run = [];
    } else run.push(i);
  });
  if (run.length > 0) out.push(run);
  return out;
}

/** A round top for the axis: 1, 2 or 5 times a power of ten, at least the largest value. */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * p >= v) ?? 10) * p;
}
