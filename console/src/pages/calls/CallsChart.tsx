import { useTranslation } from 'react-i18next';
import type { CallRecord } from '../../api/flow-types';

const MINUTES = 30;
const W = 640;
const H = 160;
const PAD = { left: 28, right: 24, top: 8, bottom: 22 };

/** Calls started per minute over the last half hour, as SVG bars (no chart library). */
export function CallsChart({ calls, now }: { calls: CallRecord[]; now: number }) {
  const { t, i18n } = useTranslation();
  const end = Math.floor(now / 60_000) * 60_000 + 60_000;
  const start = end - MINUTES * 60_000;
  const buckets = new Array<number>(MINUTES).fill(0);
  for (const c of calls) {
    const at = Date.parse(c.startedAt);
    if (at >= start && at < end) {
      const i = Math.floor((at - start) / 60_000);
      buckets[i] = (buckets[i] ?? 0) + 1;
    }
  }
  const max = Math.max(1, ...buckets);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const barW = plotW / MINUTES;
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const label = (i: number) =>
    new Date(start + i * 60_000).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <figure className="chart">
      <figcaption>{t('live.callsPerMinute')}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('live.callsPerMinute')}>
        {[0, Math.ceil(max / 2), max].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
            <text x={PAD.left - 4} y={y(v) + 4} className="chart-axis" textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        {buckets.map((v, i) => (
          <rect
            key={i}
            x={PAD.left + i * barW + 1}
            y={y(v)}
            width={barW - 2}
            height={PAD.top + plotH - y(v)}
            className="chart-bar"
          >
            <title>{`${label(i)}: ${v}`}</title>
          </rect>
        ))}
        {[0, 10, 20, MINUTES - 1].map((i) => (
          <text
            key={i}
            x={PAD.left + i * barW + barW / 2}
            y={H - 6}
            className="chart-axis"
            textAnchor="middle"
          >
            {label(i)}
          </text>
        ))}
      </svg>
    </figure>
  );
}
