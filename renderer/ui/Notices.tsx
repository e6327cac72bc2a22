/** Error messages from failed calls, shown until dismissed. */
import { useApp, useAppShallow } from '../state/store-context';
import './notices.css';

export function Notices() {
  const notices = useAppShallow((s) => s.notices);
  const dismiss = useApp((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-live="assertive">
      {notices.map((n) => (
        <li key={n.id} className="notice" role="alert" data-testid="notice" data-code={n.code ?? undefined}>
          <span className="notice-message">{n.message}</span>
          <button type="button" className="notice-dismiss" aria-label="Dismiss message" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
