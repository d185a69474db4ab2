import { v7 as uuidv7 } from 'uuid';
import { AppError, fileReferencesCommand, identity } from '@voucher/contracts';
import { actingProvider, type Bus, type HandlerContext } from '@voucher/bus';
import { expertStore, toExpertView } from '../store/experts.ts';
import type { IdentityDeps } from './deps.ts';

/** ID-9 belongs to the provider; its staff may act for it with the `experts` menu (ID-8). */
const providerOf = (ctx: HandlerContext): string => actingProvider(ctx, 'experts').providerId;

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

  // the gateway's clean-up: which uploads are an expert's photo (ID-9)
  // only the gateway's clean-up sends it (its `from`, A7): it learns which of its own uploads are cited, nothing more
  bus.handle(fileReferencesCommand('identity'), async ({ fileIds }) => {
    return { referenced: await store.photosAmong(fileIds) };
  });
}
