import { defineMessages } from './define-messages.ts';

/**
 * The words of the header: the areas' menus and the bell. They are part of the first page's words, since the
 * header shows them as soon as someone is signed in, before any page of an area (with its own words) has loaded.
 */
export const menuMessages = defineMessages(
  {
    // enterprise
    memberCentre: '会员中心',
    certification: '企业认证',
    demandSurvey: '需求调查',
    voucherQualification: '服务券资格',
    pinMaintenance: '支付密码维护',
    reservationRecords: '预约记录',
    // provider
    customerManagement: '客户管理',
    voucherManagement: '服务券管理',
    voucherRedemption: '兑付申请',
    bankAccounts: '收款账号管理',
    myCompany: '我的企业',
    providerCertification: '服务商认证',
    staffManagement: '用户管理',
    expertManagement: '专家管理',
    // admin
    adminHome: '工作台',
    adminGroupReviews: '审核',
    adminGroupVouchers: '服务券',
    adminGroupStatistics: '统计',
    adminGroupSystem: '系统',
    adminQualificationReviews: '资质审核',
    adminProductReviews: '商品审核',
    adminSettlementReviews: '兑付审核',
    adminGeneralVoucherReviews: '通用券审核',
    adminCategories: '券种管理',
    adminCampaigns: '预约活动',
    adminStatistics: '统计分析',
    adminAnnouncements: '通知公告管理',
    adminUsers: '用户管理',
    adminJobs: '定时任务',
    adminIntegrity: '账本核对',
    adminSettings: '参数设置',
    adminGrants: '人工发放服务券',
    adminOperations: '运维控制台',
    adminDeadLetters: '死信',
    // notification
    notifBell: '消息通知',
    notifBellLabel: '消息通知（{n}条未读）',
  },
  {
    // enterprise
    memberCentre: 'Member centre',
    certification: 'Certification',
    demandSurvey: 'Demand survey',
    voucherQualification: 'Voucher qualification',
    pinMaintenance: 'Payment PIN',
    reservationRecords: 'Reservations',
    // provider
    customerManagement: 'Customers',
    voucherManagement: 'Vouchers',
    voucherRedemption: 'Redemption',
    bankAccounts: 'Bank accounts',
    myCompany: 'My company',
    providerCertification: 'Certification',
    staffManagement: 'Staff',
    expertManagement: 'Experts',
    // admin
    adminHome: 'Console',
    adminGroupReviews: 'Reviews',
    adminGroupVouchers: 'Vouchers',
    adminGroupStatistics: 'Statistics',
    adminGroupSystem: 'System',
    adminQualificationReviews: 'Qualifications',
    adminProductReviews: 'Products',
    adminSettlementReviews: 'Settlements',
    adminGeneralVoucherReviews: 'General vouchers',
    adminCategories: 'Categories',
    adminCampaigns: 'Campaigns',
    adminStatistics: 'Statistics',
    adminAnnouncements: 'Announcements',
    adminUsers: 'Users',
    adminJobs: 'Scheduled jobs',
    adminIntegrity: 'Ledger integrity',
    adminSettings: 'Settings',
    adminGrants: 'Grant a voucher',
    adminOperations: 'Operations',
    adminDeadLetters: 'Dead letters',
    // notification
    notifBell: 'Notifications',
    notifBellLabel: 'Notifications ({n} unread)',
  },
);
