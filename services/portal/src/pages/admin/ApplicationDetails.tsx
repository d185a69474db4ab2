import { Descriptions, Space, Tag, Typography } from 'antd';
import type { ApplicationView } from '@voucher/contracts';
import { yuan } from '../../format/money.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { AttachmentButton } from './AttachmentButton.tsx';

/** QUA-1/3/4 fields as the seed forms name them; a field not listed shows under its own name. */
const fieldLabels: Record<string, MessageKey> = {
  companyName: 'adminFieldCompanyName',
  creditCode: 'adminFieldCreditCode',
  legalRepresentative: 'adminFieldLegalRepresentative',
  contactName: 'adminFieldContactName',
  contactPhone: 'adminFieldContactPhone',
  email: 'adminFieldEmail',
  district: 'adminFieldDistrict',
  registeredAddress: 'adminFieldRegisteredAddress',
  businessAddress: 'adminFieldBusinessAddress',
  size: 'adminFieldSize',
  foundedOn: 'adminFieldFoundedOn',
  industry: 'adminFieldIndustry',
  employees: 'adminFieldEmployees',
  lastYearRevenue: 'adminFieldLastYearRevenue',
  lastYearOutput: 'adminFieldLastYearOutput',
  lastYearProfit: 'adminFieldLastYearProfit',
  lastYearTax: 'adminFieldLastYearTax',
  rdSpend: 'adminFieldRdSpend',
  totalAssets: 'adminFieldTotalAssets',
  qualifications: 'adminFieldQualifications',
  serviceScopes: 'adminFieldServiceScopes',
  coreProducts: 'adminFieldCoreProducts',
  industries: 'adminFieldIndustries',
  industrialCustomers: 'adminFieldIndustrialCustomers',
  revenues: 'adminFieldRevenues',
  region: 'adminFieldRegion',
  year: 'adminFieldYear',
  mainBusiness: 'adminFieldMainBusiness',
  enterpriseType: 'adminFieldEnterpriseType',
  socialSecurityHeadcount: 'adminFieldSocialSecurityHeadcount',
};

/** Amounts in fen (QUA-1/4), shown in yuan. */
const moneyFields = new Set([
  'lastYearRevenue',
  'lastYearOutput',
  'lastYearProfit',
  'lastYearTax',
  'rdSpend',
  'totalAssets',
]);

/** Where each kind keeps its uploads (QUA-1 licence, QUA-3 licence and commitment, QUA-4 attachments). */
const attachmentLabels: Record<string, MessageKey> = {
  licenceFileId: 'adminFileLicence',
  commitmentFileId: 'adminFileCommitment',
  applicationForm: 'adminFileApplicationForm',
  licenceCopy: 'adminFileLicenceCopy',
  commitmentLetter: 'adminFileCommitmentLetter',
  socialInsurance: 'adminFileSocialInsurance',
  taxReturn: 'adminFileTaxReturn',
};

function attachmentsOf(data: Record<string, unknown>): [string, string][] {
  const nested = (data.attachments ?? {}) as Record<string, unknown>;
  return [...Object.entries(data), ...Object.entries(nested)].filter(
    (entry): entry is [string, string] => entry[0] in attachmentLabels && typeof entry[1] === 'string',
  );
}

function FieldValue({ name, value }: { name: string; value: unknown }) {
  if (moneyFields.has(name) && typeof value === 'number') return <>¥{yuan(value)}</>;
  if (Array.isArray(value))
    return (
      <Space wrap>
        {value.map((v) => (
          <Tag key={String(v)}>{String(v)}</Tag>
        ))}
      </Space>
    );
  if (name === 'revenues' && value && typeof value === 'object') {
    const years = Object.entries(value as Record<string, number>);
    return <>{years.map(([year, fen]) => `${year}: ¥${yuan(fen)}`).join('；')}</>;
  }
  if (name === 'region' && value && typeof value === 'object') {
    const region = value as { scope?: string; city?: string };
    return <>{[region.scope, region.city].filter(Boolean).join(' · ')}</>;
  }
  return <>{value === null || value === undefined ? '—' : String(value)}</>;
}

/** An application's data and attachments, as the reviewer decides on them. */
export function ApplicationDetails({ application }: { application: ApplicationView }) {
  const { t } = useLanguage();
  const fields = Object.entries(application.data).filter(
    ([name]) => name !== 'attachments' && !(name in attachmentLabels),
  );
  const files = attachmentsOf(application.data);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div data-testid="application-data">
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('adminApplicantId')}>
            <Typography.Text copyable data-testid="applicant-id">
              {application.applicantId}
            </Typography.Text>
          </Descriptions.Item>
          {fields.map(([name, value]) => (
            <Descriptions.Item key={name} label={fieldLabels[name] ? t(fieldLabels[name]) : name}>
              <FieldValue name={name} value={value} />
            </Descriptions.Item>
          ))}
        </Descriptions>
      </div>
      <Space wrap>
        {files.map(([name, fileId]) => (
          <AttachmentButton key={name} fileId={fileId} label={t(attachmentLabels[name]!)} />
        ))}
      </Space>
    </Space>
  );
}
