import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import type { Permission } from '@anxin/shared';
import type { AuthContext } from './auth-context';

export const AUTH_METADATA = 'anxin:auth';
export interface AuthMetadata {
  public: boolean;
  permission?: Permission;
  /** An optional session: the route works for anonymous callers and also sees a logged-in one. */
  optional?: boolean;
}

/**
 * Declares a route's access rule. The permission is also published in OpenAPI as `x-permission`
 * (and `x-public`), which the access-matrix test reads to know what every role may do.
 */
export function Authenticated(options: { permission?: Permission } = {}) {
  return applyDecorators(
    SetMetadata(AUTH_METADATA, { public: false, permission: options.permission } satisfies AuthMetadata),
    ApiBearerAuth(),
    ApiExtension('x-permission', options.permission ?? 'authenticated'),
  );
}

/** A route anyone may call without logging in (public school card, anonymous tip submission). */
export function Public(options: { optionalSession?: boolean } = {}) {
  return applyDecorators(
    SetMetadata(AUTH_METADATA, { public: true, optional: options.optionalSession } satisfies AuthMetadata),
    ApiExtension('x-public', true),
  );
}

/** The caller's AuthContext (undefined only on public routes without a session). */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  return ctx.switchToHttp().getRequest().auth;
});
