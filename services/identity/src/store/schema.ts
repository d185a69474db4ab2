import type { Generated } from 'kysely';

/** The identity schema as Kysely sees it (migrations/ is the source of truth). */
export interface IdentityDb {
  users: {
    id: string;
    username: string;
    mobile: string;
    email: string | null;
    role: string;
    password_hash: string;
    district: string | null;
    provider_id: string | null;
    permissions: string[];
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  password_history: {
    user_id: string;
    password_hash: string;
    replaced_at: Generated<Date>;
  };
  refresh_tokens: {
    id: string;
    user_id: string;
    session_id: string;
    token_hash: string;
    expires_at: Date;
    created_at: Generated<Date>;
    used_at: Date | null;
    revoked_at: Date | null;
  };
  /** issue 18: the delivery keys of the texts sent through `svc.identity.textUser` */
  sms_texts: {
    key: string;
    user_id: string;
    sent_at: Generated<Date>;
  };
  certified_providers: {
    provider_id: string;
    certified: boolean;
    updated_at: Generated<Date>;
  };
  experts: {
    id: string;
    provider_id: string;
    name: string;
    age: number;
    gender: string;
    fields: string[];
    years_of_service: number;
    experience: string;
    title: string;
    education: string;
    photo_file_id: string | null;
    introduction: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
}
