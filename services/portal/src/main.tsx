import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { areas } from './areas/index.ts';
import { RolesOnly } from './auth/guards.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { LanguageProvider, useLanguage } from './i18n/language.tsx';
import { AnnouncementsPage } from './pages/AnnouncementsPage.tsx';
import { CataloguePage } from './pages/CataloguePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { ProductPage } from './pages/ProductPage.tsx';
import { PublicationPage } from './pages/PublicationPage.tsx';

// public pages few visitors open: their code arrives only when they do
const RegisterPage = lazy(() =>
  import('./pages/enterprise/RegisterPage.tsx').then((m) => ({ default: m.RegisterPage })),
);
const PasswordResetPage = lazy(() =>
  import('./pages/enterprise/PasswordResetPage.tsx').then((m) => ({ default: m.PasswordResetPage })),
);

const queries = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 10_000 } } });

function Portal() {
  const { language } = useLanguage();
  return (
    <ConfigProvider locale={language === 'zh' ? zhCN : enUS} button={{ autoInsertSpace: false }}>
      <AntApp>
        <BrowserRouter>
          <Routes>
            <Route element={<AppLayout />}>
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
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <LanguageProvider>
        <Portal />
      </LanguageProvider>
    </QueryClientProvider>
  </StrictMode>,
);
