import { Link } from '../router/Link';

export interface TabItem {
  id: string;
  label: string;
  to: string;
}

/** Tabs that are links (each tab has its own URL). */
export function Tabs({ items, current }: { items: TabItem[]; current: string }) {
  return (
    <div className="tabs" role="tablist">
      {items.map((tab) => (
        <Link
          key={tab.id}
          to={tab.to}
          role="tab"
          aria-selected={tab.id === current}
          className={`tab${tab.id === current ? ' tab-active' : ''}`}
        >
          {tab.label}
        </Link>
      ))}
    </div>
  );
}
