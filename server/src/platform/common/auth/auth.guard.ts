import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ROLE_PERMISSIONS } from '@anxin/shared';
import { AppException } from '../errors/app.exception';
import { SessionService } from '../../../features/identity/session.service';
import { AUTH_METADATA, AuthMetadata } from './auth.decorators';
import type { AuthContext } from './auth-context';

/**
 * Global guard. Every route is closed unless marked @Public(). A route's declared permission must be held
 * in at least one of the caller's roles; the service then checks the specific school/class/record.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly sessions: SessionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const meta = this.reflector.getAllAndOverride<AuthMetadata | undefined>(AUTH_METADATA, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest();
    const token = bearerToken(request.headers?.authorization);
    if (meta?.public) {
      // Public routes with an optional session (anonymous tips) never update the session's activity time.
      if (meta.optional && token) request.auth = await this.sessions.resolve(token, { touch: false }).catch(() => undefined);
      return true;
    }
    if (!token) throw AppException.unauthenticated();
    const auth: AuthContext = await this.sessions.resolve(token);
    request.auth = auth;
    if (meta?.permission && !auth.roles.some((r) => ROLE_PERMISSIONS[r.role]?.includes(meta.permission!))) {
      throw AppException.forbidden();
    }
    return true;
  }
}

export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  // The scheme is case-insensitive (RFC 9110 §11.1); the token is base64url.
  const m = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/i.exec(header.trim());
  return m ? m[1] : null;
}

