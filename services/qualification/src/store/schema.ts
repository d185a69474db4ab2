import type { Generated } from 'kysely';

/** The qualification schema as Kysely sees it (migrations/ is the source of truth). */
export interface QualificationDb {
  settings: { key: string; value: unknown; updated_by: string | null; updated_at: Generated<Date> };
  applicants: { user_id: string; username: string; role: string };
  survey_answers: { enterprise_id: string; answers: Record<string, string | string[]>; answered_at: Generated<Date> };
  applications: {
    id: string;
    kind: string;
    applicant_id: string;
    state: string;
    company_name: string;
    credit_code: string | null;
    district: string | null;
    year: number | null;
    data: Record<string, unknown>;
    reason: string | null;
    submitted_at: Generated<Date>;
    decided_at: Date | null;
  };
  application_history: {
    id: Generated<number>;
    application_id: string;
    action: string;
    from_state: string | null;
    to_state: string;
    actor_id: string;
    actor_role: string;
    reason: string | null;
    at: Generated<Date>;
  };
  application_files: { application_id: string; file_id: string; purpose: string };
  companies: {
    company_id: string;
    kind: string;
    state: string;
    company_name: string;
    credit_code: string;
    district: string | null;
    size: string | null;
    data: Record<string, unknown>;
    application_id: string;
    certified_at: Date;
    updated_at: Generated<Date>;
  };
  voucher_qualifications: {
    enterprise_id: string;
    year: number;
    state: string;
    data: Record<string, unknown>;
    application_id: string;
    approved_at: Date;
    updated_at: Generated<Date>;
  };
  provider_directory: { name: string; credit_code: string | null; region: string | null; imported_at: Generated<Date> };
}
