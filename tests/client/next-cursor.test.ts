import { AdminClient, groups } from "../../provider/client";
import { scriptedServer } from "../support/scripted-server";

const group = (id: string) => ({ id, name: id, created_at: 1, is_scim_managed: false, group_type: "group" });

async function listAll(answers: Array<{ data: unknown[]; has_more: boolean; next: string | null }>) {
  const srv = await scriptedServer((_req, n) => ({ status: 200, body: { object: "list", ...answers[Math.min(n, answers.length) - 1] } }));
  try {
    const c = new AdminClient({ baseUrl: srv.url, adminKey: "sk-test-fake" });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const g of groups.list(c)) seen.push(g.id);
    })().catch((e: Error) => e);
    return { seen, error, urls: srv.seen.map((s) => s.url) };
  } finally {
    await srv.close();
  }
}

describe("next-cursor lists (groups, roles)", () => {
  test("follow `next` as the after cursor until has_more is false", async () => {
    const r = await listAll([
      { data: [group("group_a")], has_more: true, next: "cur_1" },
      { data: [group("group_b")], has_more: false, next: null },
    ]);
    expect(r.error).toBeUndefined();
    expect(r.seen).toEqual(["group_a", "group_b"]);
    expect(r.urls).toEqual(["/v1/organization/groups?limit=100", "/v1/organization/groups?limit=100&after=cur_1"]);
  });

  test("a list that says it has more but gives no cursor, or repeats one, is an error, never a short list", async () => {
    const none = await listAll([{ data: [group("group_a")], has_more: true, next: null }]);
    expect(String(none.error)).toMatch(/GET \/organization\/groups: the list said has_more but no next cursor to continue from/);
    const repeated = await listAll([
      { data: [group("group_a")], has_more: true, next: "cur_1" },
      { data: [group("group_b")], has_more: true, next: "cur_1" },
    ]);
    expect(String(repeated.error)).toMatch(/the list repeated the cursor "cur_1"/);
    expect(repeated.urls).toHaveLength(2);
  });
});
