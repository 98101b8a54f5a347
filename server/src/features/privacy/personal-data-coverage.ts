/**
 * Every table with a column that can name a person (a user id, an openid, who did something), and what 我的数据 does
 * with it: part of a guardian's export or not (and why not), and what deleting the account does to it. The one owner
 * of these answers: docs/PRIVACY.md repeats them, `privacy-coverage.db-spec` fails when a table holding such a column
 * is missing here (it reads the TypeORM entity metadata), and `privacy-account.db-spec` checks the deletion outcome
 * of each table on a real database.
 *
 * onDeletion:
 * - `deleted`    the guardian's rows are deleted;
 * - `anonymised` the school's record is kept, the guardian replaced by a placeholder account named 已注销的家长 that
 *                holds no openid (a fresh random id per deleted account), the relation kept;
 * - `kept`       the rows are left as they are (the reason says why, and why they no longer name the guardian);
 * - `none`       a guardian never has rows here (staff, worker or anonymous tables): the account is refused deletion
 *                while it holds a staff role, so none of their rows exist.
 */
export type DeletionOutcome = 'deleted' | 'anonymised' | 'kept' | 'none';
export interface TableCoverage { exported: boolean; onDeletion: DeletionOutcome; why: string }

export const PERSONAL_DATA_COVERAGE: Readonly<Record<string, TableCoverage>> = {
  // exported
  users: { exported: true, onDeletion: 'deleted', why: 'the profile (display name, the day the account began); the openid is never shown back' },
  sessions: { exported: true, onDeletion: 'deleted', why: 'login sessions: device label and the day each began' },
  consents: { exported: true, onDeletion: 'deleted', why: 'each consent given, with its text version and day' },
  bindings: { exported: true, onDeletion: 'deleted', why: "the guardian's links to children (decided_by names the teacher who decided)" },
  inbox_items: { exported: true, onDeletion: 'deleted', why: 'every message the guardian received in the app' },
  notice_receipts: { exported: true, onDeletion: 'anonymised', why: "receipts, answers and signatures: the school's proof of delivery, kept until the school year + 2 years" },
  pledge_signatures: { exported: true, onDeletion: 'anonymised', why: "signed pledges with their images: the school's record, kept until the school year + 2 years" },
  // not exported, deleted or cleaned with the account
  security_events: { exported: false, onDeletion: 'deleted', why: "the operators' security log (counts of sign-in events per day, mostly staff); no API route reads it" },
  subscription_credits: { exported: false, onDeletion: 'deleted', why: 'how many WeChat subscribe messages the user allowed per template: a delivery counter, not information about the person' },
  qr_logins: { exported: false, onDeletion: 'deleted', why: 'codes shown to sign a browser in; only staff complete one, a guardian is refused' },
  outbox: {
    exported: false, onDeletion: 'anonymised',
    why: 'the delivery queue: every message also sits in the inbox, which is exported; on deletion messages not yet sent are dropped and the rest point at the placeholder',
  },
  // kept as they are
  audit_entries: {
    exported: false, onDeletion: 'kept',
    why: "the school's tamper-evident audit chain, which nobody can rewrite; entries name the account only by its random id, which names nobody once the profile is deleted",
  },
  pledge_sends: { exported: false, onDeletion: 'kept', why: "a pledge fan-out's paging position (the last guardian id reached), not information about that guardian" },
  // staff, worker and anonymous tables: a guardian's account has no rows there
  schools: { exported: false, onDeletion: 'none', why: "the designated contact (a staff member)" },
  staff_roles: { exported: false, onDeletion: 'none', why: 'staff roles: an account holding one cannot be deleted in the app' },
  teacher_classes: { exported: false, onDeletion: 'none', why: 'the classes a teacher teaches' },
  staff_invites: { exported: false, onDeletion: 'none', why: 'staff invitations and who redeemed them' },
  invite_codes: { exported: false, onDeletion: 'none', why: 'class invite codes and the teacher who made them' },
  onboarding_invites: { exported: false, onDeletion: 'none', why: "a school's first administrator's invite" },
  notices: {
    exported: false, onDeletion: 'kept',
    why: "notices and the staff who wrote, published, reviewed or recalled them; `fanout_cursor` is a fan-out's paging position (the last guardian id reached), not information about that guardian",
  },
  notice_attachments: { exported: false, onDeletion: 'none', why: 'files staff attached to notices' },
  pledges: { exported: false, onDeletion: 'none', why: 'pledges and the staff who opened them' },
  pledge_versions: { exported: false, onDeletion: 'none', why: 'pledge texts and the staff who published them' },
  semester_reports: { exported: false, onDeletion: 'none', why: 'reports and the staff who asked for them' },
  semester_calendars: { exported: false, onDeletion: 'none', why: 'the district calendar and the officer who changed it' },
  supervision_flag_acks: { exported: false, onDeletion: 'none', why: "a district officer's acknowledgements" },
  surveys: { exported: false, onDeletion: 'none', why: 'anonymous surveys and the staff who opened them' },
  tips: { exported: false, onDeletion: 'none', why: 'anonymous tips name no reporter; the columns name staff (assignee, the teacher who filed a 转报)' },
  tip_messages: { exported: false, onDeletion: 'none', why: "a tip's thread: staff authors only, the reporter is never named" },
  tip_notes: { exported: false, onDeletion: 'none', why: 'internal notes by staff' },
  tip_progress: { exported: false, onDeletion: 'none', why: 'internal progress by staff' },
  tip_redactions: { exported: false, onDeletion: 'none', why: 'redactions saved by staff' },
  tip_reopenings: { exported: false, onDeletion: 'none', why: 'reopenings by staff' },
  tip_triage: { exported: false, onDeletion: 'none', why: 'triage outcomes by staff' },
  tip_reports: { exported: false, onDeletion: 'none', why: 'onward reports by staff' },
  tip_reply_alerts: {
    exported: false, onDeletion: 'none',
    why: "a reporter's optional reply alert, sealed under the delivery-only key: no query links it to an account (a tip stays anonymous), deleted when the case closes",
  },
  urgent_contacts: { exported: false, onDeletion: 'none', why: "a school's urgent call-down list (staff)" },
  urgent_duty_shifts: { exported: false, onDeletion: 'none', why: "a school's duty roster (staff)" },
  survey_findings: { exported: false, onDeletion: 'none', why: 'findings staff recorded from an anonymous survey' },
  retention_rules: { exported: false, onDeletion: 'none', why: "a school's retention settings and the staff member who changed them" },
  retention_holds: { exported: false, onDeletion: 'none', why: 'legal holds on tips and the staff member who set them' },
  ledger_duties: { exported: false, onDeletion: 'none', why: "the school's anti-bullying ledger duties and the staff who changed them" },
  ledger_activities: { exported: false, onDeletion: 'none', why: "the ledger's activities, the teacher who led each and the staff who recorded it" },
  ledger_files: { exported: false, onDeletion: 'none', why: "files staff added to the ledger" },
  ledger_exports: { exported: false, onDeletion: 'none', why: 'ledger exports and the staff who asked for them' },
  notice_class_counts: { exported: false, onDeletion: 'none', why: "`recipients` is a count of a class's guardians, not a person" },
  notice_tallies: { exported: false, onDeletion: 'none', why: "`recipients` is a count of a notice's guardians, not a person" },
  periodic_jobs: { exported: false, onDeletion: 'none', why: 'locked_by is a worker process, not a person' },
  wechat_access_tokens: { exported: false, onDeletion: 'none', why: 'refresh_by is a worker process, not a person' },
};

/** Columns whose name says they can hold a person (or a process standing in for one): the coverage test looks for these. */
export const PERSON_COLUMN = /(^|_)(user_id|openid|unionid)$|guardian|actor|recipient|author|(^|_)[a-z]+_by(_user_id)?$|_by$|^by_user_id$/;
