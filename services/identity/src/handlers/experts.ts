import { v7 as uuidv7 } from 'uuid';
import { AppError, identity, type Caller } from '@voucher/contracts';
import type { Bus, HandlerContext } from '@voucher/bus';
import { expertStore, toExpertView } from '../store/experts.ts';
import type { IdentityDeps } from './deps.ts';
import { requireCaller } from './auth.ts';

/** ID-9 belongs to the provider; its staff may act for it with the `experts` menu (ID-8). */
function providerOf(ctx: HandlerContext): string {
  const caller: Caller = requireCaller(ctx);
  if (caller.role === 'provider') return caller.userId;
  if (caller.role === 'provider_staff' && caller.providerId && caller.permissions?.includes('experts')) {
    return caller.providerId;
  }
  throw new AppError('FORBIDDEN', 'only the provider or its staff with the experts menu');
}

export function registerExpertHandlers(bus: Bus, deps: IdentityDeps): void {
  const store = expertStore(deps.db);

  bus.handle(identity.listExperts, async ({ page, pageSize }, ctx) => {
    const { items, total } = await store.page(providerOf(ctx), page, pageSize);
    return { items: items.map(toExpertView), page, pageSize, total };
  });

  bus.handle(identity.createExpert, async (req, ctx) => {
    const row = await store.insert({
      id: uuidv7(),
      provider_id: providerOf(ctx),
      name: req.name,
      age: req.age,
      gender: req.gender,
      fields: req.fields,
      years_of_service: req.yearsOfService,
      experience: req.experience,
      title: req.title,
      education: req.education,
      photo_file_id: req.photoFileId ?? null,
      introduction: req.introduction,
    });
    return toExpertView(row);
  });

  bus.handle(identity.updateExpert, async ({ id, ...patch }, ctx) => {
    const row = await store.update(providerOf(ctx), id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.age !== undefined ? { age: patch.age } : {}),
      ...(patch.gender !== undefined ? { gender: patch.gender } : {}),
      ...(patch.fields !== undefined ? { fields: patch.fields } : {}),
      ...(patch.yearsOfService !== undefined ? { years_of_service: patch.yearsOfService } : {}),
      ...(patch.experience !== undefined ? { experience: patch.experience } : {}),
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.education !== undefined ? { education: patch.education } : {}),
      ...(patch.photoFileId !== undefined ? { photo_file_id: patch.photoFileId } : {}),
      ...(patch.introduction !== undefined ? { introduction: patch.introduction } : {}),
    });
    if (!row) throw new AppError('NOT_FOUND', 'expert not found');
    return toExpertView(row);
  });

  bus.handle(identity.deleteExpert, async ({ id }, ctx) => {
    if (!(await store.remove(providerOf(ctx), id))) throw new AppError('NOT_FOUND', 'expert not found');
    return {};
  });
}
