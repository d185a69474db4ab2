import { requireCaller, requireRole, type Bus } from '@voucher/bus';
import { directoryEntrySchema, issuesToFields, qualification, validationFailed } from '@voucher/contracts';
import { recordAudit } from '@voucher/db';
import { surveyAnswerProblems } from '../domain/survey.ts';
import { missingRequiredFields } from '../domain/changes.ts';
import { parseCsv } from '../domain/directory-csv.ts';
import { creditCodeProblem } from '../domain/credit-code.ts';
import { readSettings, settings } from '../store/settings.ts';
import { findCompany } from '../store/companies.ts';
import { findVoucherQualification } from '../store/voucher-qualifications.ts';
import { findDirectoryEntry, upsertDirectoryEntries } from '../store/provider-directory.ts';
import { findSurveyAnswers, saveSurveyAnswers } from '../store/survey-answers.ts';
import type { QualificationDeps } from './deps.ts';

export function registerProgrammeHandlers(bus: Bus, deps: QualificationDeps): void {
  const { db } = deps;

  // QUA-2
  bus.handle(qualification.getSurvey, async (_req, ctx) => {
    const caller = requireRole(ctx, 'enterprise');
    const [settings, row] = await Promise.all([readSettings(db), findSurveyAnswers(db, caller.userId)]);
    return {
      questions: settings.surveyQuestions,
      answers: row?.answers ?? null,
      answeredAt: row?.answered_at.toISOString() ?? null,
    };
  });

  bus.handle(qualification.answerSurvey, async ({ answers }, ctx) => {
    const caller = requireRole(ctx, 'enterprise');
    const settings = await readSettings(db);
    const problems = surveyAnswerProblems(settings.surveyQuestions, answers);
    if (problems.length > 0) throw validationFailed(problems);
    const answeredAt = await saveSurveyAnswers(db, caller.userId, answers);
    return { answeredAt: answeredAt.toISOString() };
  });

  // DOMAIN §0b
  bus.handle(qualification.getSettings, async (_req, ctx) => {
    requireRole(ctx, 'admin');
    return readSettings(db);
  });

  bus.handle(qualification.putSettings, async (value, ctx) => settings.replace(db, value, requireRole(ctx, 'admin')));

  // QUA-3: lookup by full name only, so the directory cannot be browsed
  bus.handle(qualification.lookupDirectory, async ({ name }, ctx) => {
    requireRole(ctx, 'provider', 'operator', 'approver', 'admin');
    const row = await findDirectoryEntry(db, name.trim());
    return { name: name.trim(), inDirectory: row !== undefined, region: row?.region ?? null };
  });

  bus.handle(qualification.importDirectory, async (req, ctx) => {
    const caller = requireRole(ctx, 'admin');
    let raw: { row: number; value: unknown }[];
    if ('csv' in req) {
      const table = parseCsv(req.csv);
      if (!table.header.includes('name')) {
        throw validationFailed([{ path: 'csv', message: 'the header must name the columns: name,creditCode,region' }]);
      }
      raw = table.rows.map((r) => ({
        row: r.line,
        value: Object.fromEntries(Object.entries(r.cells).filter(([, v]) => v !== '')),
      }));
    } else raw = req.entries.map((value, i) => ({ row: i + 1, value }));

    const problems: { row: number; message: string }[] = [];
    const entries = new Map<string, { name: string; creditCode: string | null; region: string | null }>();
    for (const { row, value } of raw) {
      const parsed = directoryEntrySchema.safeParse(value);
      if (!parsed.success) {
        problems.push({
          row,
          message: issuesToFields(parsed.error.issues)
            .map((f) => `${f.path}: ${f.message}`)
            .join('; '),
        });
        continue;
      }
      if (parsed.data.creditCode && creditCodeProblem(parsed.data.creditCode)) {
        problems.push({ row, message: 'creditCode: wrong check character' });
        continue;
      }
      entries.set(parsed.data.name, {
        name: parsed.data.name,
        creditCode: parsed.data.creditCode ?? null,
        region: parsed.data.region ?? null,
      });
    }
    const values = [...entries.values()];
    await db.transaction().execute(async (trx) => {
      await upsertDirectoryEntries(trx, values);
      await recordAudit(trx, {
        entity: 'provider_directory',
        entityId: 'directory',
        action: 'imported',
        actor: caller,
        reason: `${values.length} entries, ${problems.length} skipped`,
      });
    });
    return { imported: values.length, skipped: raw.length - values.length, problems: problems.slice(0, 100) };
  });

  // issue 3 §5: for services that must know now, not from their projection
  bus.handle(qualification.status, async ({ enterpriseId, year }, ctx) => {
    requireCaller(ctx);
    const [company, vq, settings] = await Promise.all([
      findCompany(db, enterpriseId),
      findVoucherQualification(db, enterpriseId, year),
      readSettings(db),
    ]);
    const certified = company?.kind === 'enterprise' && company.state === 'certified';
    const qualified = certified && vq?.state === 'approved';
    const missingFields = qualified ? missingRequiredFields(settings.voucherRequiredFields, vq.data) : [];
    return {
      enterpriseId,
      year,
      certified,
      qualified,
      complete: qualified && missingFields.length === 0,
      missingFields,
      companyName: company?.company_name ?? null,
      district: (vq?.data.district as string | undefined) ?? company?.district ?? null,
      size: (company?.size as 'micro' | null) ?? null,
    };
  });
}
