import type { Kysely, Selectable } from 'kysely';
import type { QualificationDb } from './schema.ts';

type Db = Kysely<QualificationDb>;
type SurveyAnswersRow = Selectable<QualificationDb['survey_answers']>;
type Answers = SurveyAnswersRow['answers'];

/** QUA-2: the enterprise's answers to the demand survey, and when it gave them. */
export function findSurveyAnswers(db: Db, enterpriseId: string): Promise<SurveyAnswersRow | undefined> {
  return db.selectFrom('survey_answers').selectAll().where('enterprise_id', '=', enterpriseId).executeTakeFirst();
}

/** QUA-2: the enterprise's answers alone, null before it has answered. */
export async function answersOf(db: Db, enterpriseId: string): Promise<Answers | null> {
  const row = await db
    .selectFrom('survey_answers')
    .select('answers')
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirst();
  return row?.answers ?? null;
}

/** The enterprise's answers, replacing any it gave before; answers when they were given. */
export async function saveSurveyAnswers(db: Db, enterpriseId: string, answers: Answers): Promise<Date> {
  const row = await db
    .insertInto('survey_answers')
    .values({ enterprise_id: enterpriseId, answers: JSON.stringify(answers) as never })
    .onConflict((oc) =>
      oc.column('enterprise_id').doUpdateSet({ answers: JSON.stringify(answers) as never, answered_at: new Date() }),
    )
    .returning('answered_at')
    .executeTakeFirstOrThrow();
  return row.answered_at;
}
