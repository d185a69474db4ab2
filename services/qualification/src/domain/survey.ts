import type { FieldIssue, SurveyQuestion } from '@voucher/contracts';

type Answers = Record<string, string | string[]>;

/** QUA-2: the answers fit the programme's questions: required ones answered, choices among the options. */
export function surveyAnswerProblems(questions: SurveyQuestion[], answers: Answers): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const known = new Set(questions.map((q) => q.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) problems.push({ path: `answers.${id}`, message: 'not a question of this survey' });
  }
  for (const q of questions) {
    const a = answers[q.id];
    const path = `answers.${q.id}`;
    const empty = a === undefined || (typeof a === 'string' ? a.trim() === '' : a.length === 0);
    if (empty) {
      if (q.required) problems.push({ path, message: 'required' });
      continue;
    }
    if (q.type === 'text' && typeof a !== 'string') problems.push({ path, message: 'must be text' });
    if (q.type === 'single' && (typeof a !== 'string' || !q.options.includes(a))) {
      problems.push({ path, message: `one of: ${q.options.join(', ')}` });
    }
    if (q.type === 'multi' && (!Array.isArray(a) || !a.every((x) => q.options.includes(x)))) {
      problems.push({ path, message: `a list among: ${q.options.join(', ')}` });
    }
  }
  return problems;
}

/** Survey questions may change; an answer set still counts if every current required question is answered validly. */
export function surveyComplete(questions: SurveyQuestion[], answers: Answers | null): boolean {
  return (
    answers !== null &&
    surveyAnswerProblems(questions, answers).filter((p) => p.message !== 'not a question of this survey').length === 0
  );
}
