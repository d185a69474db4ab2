import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { yuan } from '../format/money.ts';
import { LightCard } from '../components/LightCard.tsx';
import { useLanguage } from '../i18n/language.tsx';
import { Empty, Pagination, Spinner, Tag } from '../light/parts.tsx';
import '../light/light.css';
import { catalogueQuery, type Category } from './catalogue-query.ts';

/**
 * The contracts' categories (CAT-1), written out so the first page does not import the contracts' schemas (and
 * zod) for six words; the checks below fail to compile if the two lists ever differ.
 */
const categories = [
  '解决方案与产品',
  '诊断服务',
  '体系认证',
  '审计服务',
  '咨询服务',
  '培训服务',
] as const satisfies readonly Category[];
type Missing = Exclude<Category, (typeof categories)[number]>;
const everyCategory: [Missing] extends [never] ? true : false = true;
void everyCategory;

/**
 * CAT-4: the public catalogue, searched by keyword (Chinese or Latin), category and voucher products. The first
 * page of the portal, drawn without Ant Design (issue 20 item 6): the same search box, select, checkbox, card
 * grid, tags and pagination as Ant Design drew them, as plain elements styled by `light/light.css`.
 */
export function CataloguePage() {
  const { t } = useLanguage();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<Category | undefined>();
  const [voucherOnly, setVoucherOnly] = useState(false);
  const [page, setPage] = useState(1);
  const result = useQuery(catalogueQuery({ q, category, voucherOnly, page }));
  const search = (value: string) => {
    setQ(value.trim());
    setPage(1);
  };
  const items = result.data?.items ?? [];
  return (
    <div className="lt-root lt-stack">
      <div className="lt-filters">
        <form
          className="lt-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            search(typed);
          }}
        >
          <input
            className="lt-input"
            type="search"
            placeholder={t('keyword')}
            aria-label={t('keyword')}
            data-testid="catalogue-search"
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              // emptied (its clear button, or every letter deleted): the whole catalogue again, as Search's clear
              if (e.target.value === '' && q !== '') search('');
            }}
          />
          <button type="submit" className="lt-button lt-button-primary">
            {t('search')}
          </button>
        </form>
        <span className="lt-select-box">
          <select
            className={category ? 'lt-select' : 'lt-select lt-placeholder'}
            aria-label={t('allCategories')}
            value={category ?? ''}
            onChange={(e) => {
              setCategory((e.target.value || undefined) as Category | undefined);
              setPage(1);
            }}
          >
            <option value="">{t('allCategories')}</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          {/* Ant Design's DownOutlined */}
          <svg className="lt-select-arrow" viewBox="64 64 896 896" fill="currentColor" aria-hidden="true">
            <path d="M884 256h-75c-5.1 0-9.9 2.5-12.9 6.6L512 654.2 227.9 262.6c-3-4.1-7.8-6.6-12.9-6.6h-75c-6.5 0-10.3 7.4-6.5 12.1L480.8 747.6c12.8 17.6 39 17.6 51.7 0l330-455.5c3.9-4.7.1-12.1-6.5-12.1z" />
          </svg>
        </span>
        <label className="lt-check">
          <input type="checkbox" checked={voucherOnly} onChange={(e) => setVoucherOnly(e.target.checked)} />
          <span>{t('voucherOnly')}</span>
        </label>
      </div>
      {result.isLoading ? (
        <Spinner label={t('loading')} />
      ) : items.length === 0 ? (
        <Empty description={t('empty')} />
      ) : (
        <div>
          <ul className="lt-grid">
            {items.map((p) => (
              <li key={p.id}>
                <LightCard
                  title={<Link to={`/products/${p.id}`}>{p.name}</Link>}
                  cover={
                    p.thumbnailFileId ? <img alt={p.name} src={`/api/v1/files/${p.thumbnailFileId}`} /> : undefined
                  }
                  data-testid="product-card"
                >
                  <p className="lt-meta">
                    {p.providerName} · {p.region}
                  </p>
                  <strong className="lt-price">
                    ¥{yuan(p.minPrice)}
                    {p.maxPrice > p.minPrice ? ` - ${yuan(p.maxPrice)}` : ''}
                  </strong>
                  <div className="lt-tags">
                    <Tag>{p.category}</Tag>
                    {p.voucherTerms?.acceptedCategories.map((c) => (
                      <Tag red key={c}>
                        {c}
                      </Tag>
                    ))}
                  </div>
                </LightCard>
              </li>
            ))}
          </ul>
          <Pagination
            current={page}
            total={result.data?.total ?? 0}
            pageSize={12}
            onChange={setPage}
            labels={{ pages: t('pages'), previous: t('previousPage'), next: t('nextPage') }}
          />
        </div>
      )}
    </div>
  );
}
