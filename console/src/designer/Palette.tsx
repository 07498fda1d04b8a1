import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModuleCategory, ModuleDescription } from '../api/flow-types';
import { textSide } from '../i18n';
import { DRAG_TYPE } from './Canvas';

const ORDER: ModuleCategory[] = ['flow', 'media', 'logic', 'integration', 'transfer'];

/** Module types from GET /v1/ivr/modules, by category: drag one onto the canvas (or click to add). */
export function Palette({ modules, onAdd }: { modules: ModuleDescription[]; onAdd(type: string): void }) {
  const { t, i18n } = useTranslation();
  const side = textSide(i18n.language);
  const start = (e: DragEvent, type: string) => {
    e.dataTransfer.setData(DRAG_TYPE, type);
    e.dataTransfer.effectAllowed = 'move';
  };
  const categories = [...ORDER, ...new Set(modules.map((m) => m.category).filter((c) => !ORDER.includes(c)))];
  return (
    <aside className="palette" aria-label={t('designer.palette')}>
      <div className="palette-hint">{t('designer.paletteHint')}</div>
      {categories.map((cat) => {
        const list = modules.filter((m) => m.category === cat && m.type !== 'start');
        if (list.length === 0) return null;
        return (
          <section key={cat}>
            <h4>{t(`category.${cat}` as 'category.flow', { defaultValue: cat })}</h4>
            {list.map((m) => (
              <button
                type="button"
                key={m.type}
                className={`palette-item cat-${m.category}`}
                draggable
                data-module-type={m.type}
                title={m.help[side]}
                onDragStart={(e) => start(e, m.type)}
                onClick={() => onAdd(m.type)}
              >
                {m.title[side]}
              </button>
            ))}
          </section>
        );
      })}
    </aside>
  );
}
