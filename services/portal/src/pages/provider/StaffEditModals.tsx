import {
  staffPasswordResetRequest,
  staffPermissionsRequest,
  updateStaffRequest,
  type StaffPermission,
  type UserView,
} from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { ModalForm } from '../../components/CheckedForms.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { StaffContactFields, StaffPasswordFields, StaffPermissionsField } from './StaffFields.tsx';

/** What the staff table opens for one account: seed 002 1.4.9 编辑, 重置密码, 应用内权限配置. */
export type StaffAction = { kind: 'edit' | 'password' | 'permissions'; staff: UserView };

const titles: Record<StaffAction['kind'], MessageKey> = {
  edit: 'editStaff',
  password: 'resetStaffPassword',
  permissions: 'configurePermissions',
};
const done: Record<StaffAction['kind'], MessageKey> = {
  edit: 'staffEdited',
  password: 'staffPasswordReset',
  permissions: 'permissionsSaved',
};

/** One dialog for the three changes of an existing staff account, each checked with its contracts schema. */
export function StaffActionModal({ action, onClose }: { action: StaffAction | null; onClose: () => void }) {
  const { t } = useLanguage();
  if (!action) return null;
  const { staff, kind } = action;
  const path = { params: { path: { id: staff.id } } };
  const dialog = {
    open: true,
    onClose,
    title: `${t(titles[kind])}：${staff.username}`,
    okText: t('okButton'),
    name: 'staff-action',
    done: t(done[kind]),
    refresh: [['provider-staff']],
  };
  if (kind === 'edit')
    return (
      <ModalForm
        {...dialog}
        initialValues={{ mobile: staff.mobile, email: staff.email ?? '' }}
        schema={updateStaffRequest}
        body={(v: { mobile: string; email: string }) => ({
          id: staff.id,
          mobile: v.mobile,
          email: v.email || undefined,
        })}
        send={({ mobile, email }) =>
          unwrap(client.PATCH('/api/v1/provider/staff/{id}', { ...path, body: { mobile, email } }))
        }
      >
        <StaffContactFields />
      </ModalForm>
    );
  if (kind === 'password')
    return (
      <ModalForm
        {...dialog}
        schema={staffPasswordResetRequest}
        body={(v: { newPassword: string }) => ({ id: staff.id, newPassword: v.newPassword })}
        send={({ newPassword }) =>
          unwrap(client.POST('/api/v1/provider/staff/{id}/password-reset', { ...path, body: { newPassword } }))
        }
      >
        <StaffPasswordFields name="newPassword" />
      </ModalForm>
    );
  return (
    <ModalForm
      {...dialog}
      initialValues={{ permissions: staff.permissions }}
      schema={staffPermissionsRequest}
      body={(v: { permissions: StaffPermission[] }) => ({ id: staff.id, permissions: v.permissions })}
      send={({ permissions }) =>
        unwrap(client.PUT('/api/v1/provider/staff/{id}/permissions', { ...path, body: { permissions } }))
      }
    >
      <StaffPermissionsField />
    </ModalForm>
  );
}
