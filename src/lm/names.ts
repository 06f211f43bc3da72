// The tools' names and inputs (package.json's contributes.languageModelTools mirrors them). Kept
// apart from tools.ts so the integration tests can use them without loading the commands' modules.
export const ToolNames = {
  listOrganizations: 'neonExplorer_listOrganizations',
  listProjects: 'neonExplorer_listProjects',
  listBranches: 'neonExplorer_listBranches',
  createBranch: 'neonExplorer_createBranch',
  saveConnectionToEnv: 'neonExplorer_saveConnectionToEnv',
} as const;

export interface ListProjectsInput {
  organizationId?: string;
}
export interface ListBranchesInput {
  projectId: string;
}
export interface SaveConnectionInput {
  projectId: string;
  branchId?: string;
  roleName?: string;
}
export interface CreateBranchInput {
  projectId: string;
  name: string;
  parentBranchId?: string;
}
