import { withIssuerConnectSource } from './ui-content-security-policy.js';

describe('withIssuerConnectSource', () => {
  const policy = "default-src 'self';connect-src 'self';script-src 'self'";

  it("adds the issuer's origin to connect-src only", () => {
    expect(withIssuerConnectSource(policy, 'https://sso.example.com/realms/acme')).toBe(
      "default-src 'self';connect-src 'self' https://sso.example.com;script-src 'self'",
    );
  });

  it('adds it once', () => {
    const once = withIssuerConnectSource(policy, 'http://127.0.0.1:4000');
    expect(withIssuerConnectSource(once, 'http://127.0.0.1:4000/')).toBe(once);
  });
});
