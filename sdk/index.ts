export { Project, type ProjectArgs, type ProjectResidency } from "./project";
export { ProjectModelPermissions, type ProjectModelPermissionsArgs } from "./project-model-permissions";
export { SpendAlert, type SpendAlertArgs, type SpendAlertNotificationChannelArgs } from "./spend-alert";
export { DataRetention, type DataRetentionArgs, type RetentionType } from "./data-retention";
export { Invite, type InviteArgs, type InviteProjectArgs } from "./invite";
export { usd } from "./money";

import { refusePlainAdminKey } from "./admin-key";

// Before any resource: a plain-text key in the stack config would be written to the state as it is.
refusePlainAdminKey();
