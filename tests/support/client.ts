import { AdminClient, type AdminApiError } from "../../provider/client";
import { scriptedServer } from "./scripted-server";

/** The error a promise fails with; a promise that succeeds fails the test. */
export const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: AdminApiError) => e,
  );

/** Runs `run` with a client of a scripted server answering `answer`, and closes the server after. */
export async function withScriptedClient(
  answer: Parameters<typeof scriptedServer>[0],
  run: (c: AdminClient, srv: Awaited<ReturnType<typeof scriptedServer>>) => Promise<void>,
  opts: Partial<ConstructorParameters<typeof AdminClient>[0]> & { adminKey: string },
): Promise<void> {
  const srv = await scriptedServer(answer);
  try {
    await run(new AdminClient({ baseUrl: srv.url, ...opts }), srv);
  } finally {
    await srv.close();
  }
}
