/**
 * The id no user has. A name nobody has is answered by reading and writing what a real user's
 * id would reach (a user, MFA methods, a risk profile) under this id, so the database work, and
 * with it the time taken, does not tell real names from unknown ones.
 */
export const NO_USER_ID = '000000000000000000000000';
