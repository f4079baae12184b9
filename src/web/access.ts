// Who may do what in the web catalog: the same Authorizer the AWS API and the registries use, asked with the
// actions the page's AWS operation needs (web/permissions.ts). A page that lacks one is refused with
// AccessDenied (a 403 page with AWS's message) before it reads anything, and the denial is recorded in the
// audit trail; an allowed status change is described to the trail, so its write carries the audit row, as
// an AWS request's does. `allows` answers without recording, for deciding which controls a page offers.
import type { FastifyRequest } from 'fastify';
import type { AuditTrail } from '../domain/identity/audit.js';
import type { Authorizer, Denial, Permission, Principal } from '../domain/identity/authorizer.js';
import { accessDenied } from '../domain/shared/errors.js';

export class WebAccess {
  constructor(
    private readonly authorizer: Authorizer,
    private readonly audit?: AuditTrail,
    private readonly now: () => number = Date.now,
  ) {}

  /** The principal an access key acts as (undefined once the key or its user is gone). */
  principalOf(accessKeyId: string): Promise<Principal | undefined> {
    return this.authorizer.principalOf(accessKeyId);
  }

  private denial(request: FastifyRequest, permissions: Permission[]): Promise<Denial | undefined> {
    const session = request.webSession;
    if (!session) throw new Error('a /ui route asked for permissions without a session');
    return this.authorizer.firstDenial(
      { principal: session.actor, region: session.caller.region, sourceIp: request.ip, now: this.now() },
      permissions,
    );
  }

  /** Throws AccessDenied naming the first permission the signed-in principal lacks (and records it). */
  async require(request: FastifyRequest, permissions: Permission[]): Promise<void> {
    const denial = await this.denial(request, permissions);
    const first = denial ?? permissions[0];
    if (!first) return;
    const entry = {
      principalArn: request.webSession!.actor.arn,
      action: first.action,
      resourceArn: first.resourceArn,
      requestId: request.id,
      sourceAddress: request.ip ?? '',
    };
    if (denial) {
      await this.audit?.recordDenied({ ...entry, at: this.now() });
      throw accessDenied(denial.message);
    }
    this.audit?.describeRequest(entry);
  }

  /** Whether the signed-in principal has every one of these permissions; records nothing. */
  async allows(request: FastifyRequest, permissions: Permission[]): Promise<boolean> {
    return (await this.denial(request, permissions)) === undefined;
  }
}
