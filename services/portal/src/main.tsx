import { lazy, StrictMode, Suspense, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { tokens } from './api/client.ts';
import { areas } from './areas/index.ts';
import { lazyPage } from './areas/lazy-page.tsx';
import { RolesOnly } from './auth/guards.tsx';
import { LanguageProvider } from './i18n/language.tsx';
import { VisitorLayout } from './light/VisitorLayout.tsx';
import { CataloguePage } from './pages/CataloguePage.tsx';
import { catalogueQuery } from './pages/catalogue-query.ts';

// The catalogue is the first page and arrives with it; every other public page's code (and words) arrives when it
// is first opened, so the first page carries no forms, tables or sign-in code (issue 20 item 6).
const ProductPage = lazyPage(() => import('./pages/ProductPage.tsx'), 'ProductPage');
const AnnouncementsPage = lazyPage(() => import('./pages/AnnouncementsPage.tsx'), 'AnnouncementsPage');
const PublicationPage = lazyPage(() => import('./pages/PublicationPage.tsx'), 'PublicationPage');
const LoginPage = lazyPage(() => import('./pages/LoginPage.tsx'), 'LoginPage');
const RegisterPage = lazyPage(() => import('./pages/enterprise/AccountPages.tsx'), 'RegisterPage');
const PasswordResetPage = lazyPage(() => import('./pages/enterprise/AccountPages.tsx'), 'PasswordResetPage');

// Ant Design (its style engine, its components and its locales) arrives with the layout that uses it
const AppLayout = lazy(() => import('./layout/AppLayout.tsx'));

const queries = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 10_000 } } });

/**
 * A visitor's catalogue is drawn without Ant Design (`VisitorLayout`, issue 20 item 6); anyone signed in, and any
 * other page, gets Ant Design's `AppLayout`, loaded then, and keeps it (back on the catalogue too) so the pages
 * are not mounted again. While it loads, the visitor's frame stands in with a spinner.
 */
function Frame() {
  const { pathname } = useLocation();
  const signedIn = useSyncExternalStore(tokens.subscribe, () => tokens.read() !== null);
  const wanted = signedIn || pathname !== '/';
  const [antd, setAntd] = useState(wanted);
  if (wanted && !antd) setAntd(true);
  return antd ? (
    <Suspense fallback={<VisitorLayout pending signedIn={signedIn} />}>
      <AppLayout />
    </Suspense>
  ) : (
    <VisitorLayout />
  );
}

function Portal() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<Frame />}>
          <Route index element={<CataloguePage />} />
          <Route path="products/:id" element={<ProductPage />} />
          <Route path="announcements" element={<AnnouncementsPage />} />
          <Route path="publications/:id" element={<PublicationPage />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="register" element={<RegisterPage />} />
          <Route path="password-reset" element={<PasswordResetPage />} />
          {areas.flatMap((area) =>
            area.pages.map((page) => (
              <Route
                key={page.path}
                path={page.path}
                element={<RolesOnly roles={page.roles ?? area.roles}>{page.element}</RolesOnly>}
              />
            )),
          )}
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}

/** how long the first drawing waits for the catalogue's first products: drawn once with them, not twice */
const FIRST_PRODUCTS_WAIT_MS = 100;

const draw = () =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queries}>
        <LanguageProvider>
          <Portal />
        </LanguageProvider>
      </QueryClientProvider>
    </StrictMode>,
  );

// The catalogue's first products were asked for with the page (the gateway's Link header on `/`): the query
// takes that answer, usually there already, and React draws the page once, with them, rather than a frame
// without them and then another; a slow answer holds the drawing back FIRST_PRODUCTS_WAIT_MS at most.
if (window.location.pathname === '/') {
  void Promise.race([
    queries.prefetchQuery(catalogueQuery({ q: '', voucherOnly: false, page: 1 })),
    new Promise((resolve) => setTimeout(resolve, FIRST_PRODUCTS_WAIT_MS)),
  ]).then(draw);
} else draw();
