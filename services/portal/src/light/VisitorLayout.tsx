import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLanguage } from '../i18n/language.tsx';
import { Spinner } from './parts.tsx';
import './light.css';

/**
 * The frame of a visitor's first page, the catalogue, drawn without Ant Design (issue 20 item 6): the same header
 * as `layout/AppLayout.tsx` shows a visitor (the title, the public menu, the language switch, sign-in) from the
 * same design tokens. Any other page, and anyone signed in, gets `AppLayout` with Ant Design, loaded then; while it
 * loads this frame stands in, with `pending` a spinner in place of the page (and no sign-in for the signed-in).
 */
export function VisitorLayout({ pending = false, signedIn = false }: { pending?: boolean; signedIn?: boolean }) {
  const { t, toggle } = useLanguage();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const selected = pathname.startsWith('/announcements') ? '/announcements' : pathname === '/' ? '/' : undefined;
  const entries = [
    { path: '/', label: t('catalogue') },
    { path: '/announcements', label: t('announcements') },
  ];
  return (
    <div className="lt-root lt-layout">
      <header className="lt-header">
        <h4 className="lt-title">{t('appName')}</h4>
        <nav className="lt-menu" aria-label={t('mainMenu')}>
          <ul>
            {entries.map((e) => (
              <li key={e.path}>
                <Link to={e.path} aria-current={e.path === selected ? 'page' : undefined}>
                  {e.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="lt-actions">
          <button type="button" className="lt-button lt-button-light" onClick={toggle}>
            {t('language')}
          </button>
          {signedIn ? null : (
            <button type="button" className="lt-button lt-button-primary" onClick={() => navigate('/login')}>
              {t('login')}
            </button>
          )}
        </div>
      </header>
      <main className="lt-content">{pending ? <Spinner label={t('loading')} /> : <Outlet />}</main>
    </div>
  );
}
