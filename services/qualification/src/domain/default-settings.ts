import { serviceScopes, type QualificationSettings } from '@voucher/contracts';

/**
 * A local demo's programme (DOMAIN §0b): Nanjing's districts, the demand survey
 * of seed 002 2.3.1, and QUA-4's required fields. Administrators change them
 * through PUT /admin/settings/qualification.
 */
export const defaultSettings: QualificationSettings = {
  city: '南京市',
  districts: [
    '玄武区',
    '秦淮区',
    '建邺区',
    '鼓楼区',
    '浦口区',
    '栖霞区',
    '雨花台区',
    '江宁区',
    '六合区',
    '溧水区',
    '高淳区',
  ],
  eligibility: { sizes: ['micro', 'small', 'medium'], districtInCity: true },
  surveyQuestions: [
    { id: 'city', text: '所在市', type: 'text', options: [], required: true },
    {
      id: 'companyType',
      text: '企业类型',
      type: 'single',
      options: ['私营企业', '外资企业', '集体所有制企业', '国有企业', '股份制企业', '港、澳、台企业', '合资企业'],
      required: true,
    },
    {
      id: 'needs',
      text: '数字化转型需求',
      type: 'multi',
      options: [...serviceScopes],
      required: false,
    },
  ],
  voucherRequiredFields: [
    'district',
    'lastYearTax',
    'mainBusiness',
    'employees',
    'lastYearRevenue',
    'industry',
    'enterpriseType',
  ],
};
