import type { Router } from '../router';
export function consumptionRoutes(_r: Router): void {}
