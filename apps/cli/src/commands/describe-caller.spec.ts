import { describeCaller } from './describe-caller';

describe('describeCaller', () => {
  it('shows the email first, then every other field the API returns', () => {
    expect(
      describeCaller({
        userId: 'u1',
        email: 'ada@example.com',
        name: null,
        isAdmin: false,
        via: 'key',
        key: { id: 'k1', role: 'viewer', project: null },
        projects: [
          { slug: 'default', name: 'Default', role: 'viewer' },
          { slug: 'fraud', name: 'Fraud', role: 'admin' },
        ],
      }),
    ).toEqual([
      'ada@example.com',
      '  userId    u1',
      '  isAdmin   no',
      '  via       key',
      '  key       id=k1 role=viewer',
      '  projects  default (viewer), fraud (admin)',
    ]);
  });

  it('says so when a list is empty', () => {
    expect(describeCaller({ email: 'x@example.com', projects: [] })).toEqual([
      'x@example.com',
      '  projects  (none)',
    ]);
  });
});
