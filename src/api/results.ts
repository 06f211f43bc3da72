/** Result shapes of NeonClient methods that are not plain API objects (pages, deletions). */
import type { Operation } from './schemas/common';
import type { MemberWithUser } from './schemas/organizations';
import type { Project } from './schemas/projects';
import type { Branch } from './schemas/branches';
import type { Database, Role } from './schemas/resources';
import type { ConsumptionBranch, ConsumptionProject, LegacyConsumptionProject } from './schemas/consumption';

export interface ProjectsPage {
  projects: Project[];
  /** Present only when another page exists (absent on a short/empty page even if the API sent a cursor). */
  nextCursor?: string;
  unavailableProjectIds?: string[];
}
export interface MembersPage {
  members: MemberWithUser[];
  nextCursor?: string;
}
export interface BranchesPage {
  branches: Branch[];
  nextCursor?: string;
  annotations: Record<string, unknown>;
}
export interface ConsumptionProjectsPage {
  projects: ConsumptionProject[];
  nextCursor?: string;
}
export interface ConsumptionBranchesPage {
  branches: ConsumptionBranch[];
  nextCursor?: string;
}
export interface LegacyConsumptionProjectsPage {
  projects: LegacyConsumptionProject[];
  nextCursor?: string;
}
export interface ProjectWithOperations {
  project: Project;
  operations: Operation[];
}
/** Deleting a branch or role that is already gone answers 204: then `branch`/`role` is undefined. */
export interface DeletedBranch {
  branch?: Branch;
  operations: Operation[];
}
export interface DeletedRole {
  role?: Role;
  operations: Operation[];
}
export interface DeletedDatabase {
  database?: Database;
  operations: Operation[];
}
