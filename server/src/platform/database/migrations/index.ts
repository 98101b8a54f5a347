import { IdentityTenancyAudit1764400000000 } from './1764400000000-identity-tenancy-audit';
import { Delivery1764400100000 } from './1764400100000-delivery';
import { StaffInvites1764420000000 } from './1764420000000-staff-invites';
import { Tips1764500000000 } from './1764500000000-tips';
import { DayGranularIdentity1764600000000 } from './1764600000000-day-granular-identity';
import { AuditCheckpoints1764600200000 } from './1764600200000-audit-checkpoints';
import { WorkerHeartbeats1764600400000 } from './1764600400000-worker-heartbeats';
import { SubscriptionCredits1764600700000 } from './1764600700000-subscription-credits';
import { TipReplyAlerts1764600710000 } from './1764600710000-tip-reply-alerts';
import { Shares1764600900000 } from './1764600900000-shares';
import { DeliveryOutcomes1764601000000 } from './1764601000000-delivery-outcomes';
import { WecomRobots1764601100000 } from './1764601100000-wecom-robots';
import { FleetState1764601200000 } from './1764601200000-fleet-state';
import { TipReopening1764601300000 } from './1764601300000-tip-reopening';
import { Onboarding1764601500000 } from './1764601500000-onboarding';
import { Notices1764601600000 } from './1764601600000-notices';
import { AuditSeals1764601800000 } from './1764601800000-audit-seals';
import { NoticeFanoutIndex1764601900000 } from './1764601900000-notice-fanout-index';
import { NoticeAttachments1764602000000 } from './1764602000000-notice-attachments';
import { NoticeCorrections1764602100000 } from './1764602100000-notice-corrections';
import { Pledges1764602200000 } from './1764602200000-pledges';
import { BrowserLogin1764602300000 } from './1764602300000-browser-login';
import { Oversight1764602400000 } from './1764602400000-oversight';
import { BindingClasses1764602600000 } from './1764602600000-binding-classes';
import { TestTips1764602700000 } from './1764602700000-test-tips';
import { SemesterReports1764602800000 } from './1764602800000-semester-reports';

/** Every migration, in timestamp order (file name: `<timestamp>-<what>.ts`; a new one takes a newer timestamp and goes last). */
export const MIGRATIONS = [IdentityTenancyAudit1764400000000, Delivery1764400100000, StaffInvites1764420000000, Tips1764500000000, DayGranularIdentity1764600000000, AuditCheckpoints1764600200000, WorkerHeartbeats1764600400000, SubscriptionCredits1764600700000, TipReplyAlerts1764600710000, Shares1764600900000, DeliveryOutcomes1764601000000, WecomRobots1764601100000, FleetState1764601200000, TipReopening1764601300000, Onboarding1764601500000, Notices1764601600000, AuditSeals1764601800000, NoticeFanoutIndex1764601900000, NoticeAttachments1764602000000, NoticeCorrections1764602100000, Pledges1764602200000, BrowserLogin1764602300000, Oversight1764602400000, BindingClasses1764602600000, TestTips1764602700000, SemesterReports1764602800000];
