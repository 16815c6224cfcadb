/**
 * Who performs an admin action, for every action in this folder: the name the risk records keep
 * (`riskActor`: `cli:<os user>` from the CLI, the admin's username from the console), who and
 * from where for the audit trail, and when.
 */
import type { AuditActor } from '../../audit/record-audit.ts';

export interface ActionBy {
  riskActor: string;
  audit: AuditActor;
  at: Date;
}
