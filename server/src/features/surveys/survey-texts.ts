/** The associated data that binds an answer's sealed texts to its survey and row. */
export function answerTextsAad(surveyId: string, answerId: string): string {
  return `survey_answers:${surveyId}:${answerId}:texts`;
}
