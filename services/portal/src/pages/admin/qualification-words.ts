import type { ApplicationKind, ApplicationState } from '@voucher/contracts';
import type { MessageKey } from '../../i18n/messages.ts';

/** QUA-1/3/4 kinds as the seed manuals name them. */
export const applicationKindWords: Record<ApplicationKind, MessageKey> = {
  enterprise_certification: 'adminKindEnterpriseCertification',
  provider_certification: 'adminKindProviderCertification',
  voucher_qualification: 'adminKindVoucherQualification',
};

/** DOMAIN §3 states. */
export const applicationStateWords: Record<ApplicationState, MessageKey> = {
  submitted: 'adminStateSubmitted',
  operator_approved: 'adminStateOperatorApproved',
  certified: 'adminStateCertified',
  approved: 'adminStateApproved',
  rejected: 'adminStateRejected',
  withdrawn: 'adminStateWithdrawn',
  revoked: 'adminStateRevoked',
  superseded: 'adminStateSuperseded',
};

/** States a reviewer still has to decide (QUA-8 "my to-do"). */
export const undecidedStates: readonly ApplicationState[] = ['submitted', 'operator_approved'];
