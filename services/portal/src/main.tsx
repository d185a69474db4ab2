import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AppLayout } from './layout/AppLayout.tsx';
import { LanguageProvider, useLanguage } from './i18n/language.tsx';
import { useSession } from './auth/session.tsx';
import { AnnouncementsPage } from './pages/AnnouncementsPage.tsx';
import { CampaignsPage } from './pages/CampaignsPage.tsx';
import { CataloguePage } from './pages/CataloguePage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { ProductPage } from './pages/ProductPage.tsx';
import { PublicationPage } from './pages/PublicationPage.tsx';
import { WalletPage } from './pages/WalletPage.tsx';
import { OrdersPage } from './pages/OrdersPage.tsx';
import { OrderPage } from './pages/OrderPage.tsx';
import { ProviderOrdersPage } from './pages/provider/ProviderOrdersPage.tsx';
import { ProviderProductsPage } from './pages/provider/ProviderProductsPage.tsx';

const queries = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 10_000 } } });

/** Pages for a signed-in enterprise; others are sent to sign in. */
function EnterpriseOnly({ children }: { children: React.ReactNode }) {
  const { user, loading } = useSession();
  if (loading) return null;
  return user?.role === 'enterprise' ? children : <Navigate to="/login" replace />;
}

/** The provider's workbench: its main account, or its staff (the gateway enforces the menus they were granted). */
function ProviderOnly({ children }: { children: React.ReactNode }) {
  const { user, loading } = useSession();
  if (loading) return null;
  return user?.role === 'provider' || user?.role === 'provider_staff' ? children : <Navigate to="/login" replace />;
}

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
              <Route
                path="campaigns"
                element={
                  <EnterpriseOnly>
                    <CampaignsPage />
                  </EnterpriseOnly>
                }
              />
              <Route
                path="wallet"
                element={
                  <EnterpriseOnly>
                    <WalletPage />
                  </EnterpriseOnly>
                }
              />
              <Route
                path="orders"
                element={
                  <EnterpriseOnly>
                    <OrdersPage />
                  </EnterpriseOnly>
                }
              />
              <Route
                path="orders/:id"
                element={
                  <EnterpriseOnly>
                    <OrderPage />
                  </EnterpriseOnly>
                }
              />
              <Route
                path="workbench/products"
                element={
                  <ProviderOnly>
                    <ProviderProductsPage />
                  </ProviderOnly>
                }
              />
              <Route
                path="workbench/orders"
                element={
                  <ProviderOnly>
                    <ProviderOrdersPage />
                  </ProviderOnly>
                }
              />
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
