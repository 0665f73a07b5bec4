import { router } from '../../trpc';
import { signIn } from './sign-in';
import { signOut } from './sign-out';

export const sessionsRouter = router({ signIn, signOut });
