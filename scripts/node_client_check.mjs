// The official Pipedrive Node.js client (npm `pipedrive`) against the sandbox.
//
// A real client that Pipedrive wrote from its own documents sends its requests, exactly as
// it would to Pipedrive, to the sandbox at PIPEDRIVE_BASE_URL with PIPEDRIVE_API_TOKEN: every
// call must succeed, and what it reads back must be what it wrote. A sandbox that refuses a
// request the official client makes, or answers in a shape the client cannot use, is wrong
// whatever our own client does. Run with `make node-client` (scripts/node_client_check.py).
import { v1, v2 } from "pipedrive";

const base = process.env.PIPEDRIVE_BASE_URL;
const apiKey = process.env.PIPEDRIVE_API_TOKEN;
const one = { apiKey, basePath: `${base}/api/v1` };
const two = { apiKey, basePath: `${base}/api/v2` };
const failures = [];
let calls = 0;

async function check(title, call, expect = () => true) {
  calls += 1;
  try {
    const answer = await call();
    if (!answer || answer.success !== true) throw new Error(`success is ${answer?.success}`);
    const problem = expect(answer.data);
    if (problem !== true) throw new Error(`unexpected data: ${problem}`);
    console.log(`ok    ${title}`);
    return answer.data;
  } catch (error) {
    // The client rejects with an Error, or with Pipedrive's error body itself.
    const detail = error instanceof Error ? error.message : JSON.stringify(error);
    failures.push(title);
    console.log(`FAIL  ${title}: ${detail}`);
    return undefined;
  }
}

const is = (what, ok) => (ok ? true : what);

const users = new v1.UsersApi(new v1.Configuration(one));
const me = await check("v1 getCurrentUser", () => users.getCurrentUser(), (d) => is("no company", d.company_id));

const pipelines = new v2.PipelinesApi(new v2.Configuration(two));
const stages = new v2.StagesApi(new v2.Configuration(two));
const pipeline = await check(
  "v2 addPipeline",
  () => pipelines.addPipeline({ AddPipelineRequest: { name: "Node client", is_deal_probability_enabled: true } }),
  (d) => is("name", d.name === "Node client" && d.is_deal_probability_enabled === true),
);
if (pipeline) {
  await check("v2 updatePipeline", () => pipelines.updatePipeline({ id: pipeline.id, UpdatePipelineRequest: { name: "Node client 2" } }), (d) => is("name", d.name === "Node client 2"));
  const stage = await check(
    "v2 addStage",
    () => stages.addStage({ AddStageRequest: { name: "First", pipeline_id: pipeline.id, deal_probability: 50, is_deal_rot_enabled: true, days_to_rotten: 7 } }),
    (d) => is("fields", d.pipeline_id === pipeline.id && d.is_deal_rot_enabled === true && d.days_to_rotten === 7),
  );
  if (stage) {
    await check("v2 updateStage", () => stages.updateStage({ id: stage.id, UpdateStageRequest: { name: "Renamed", is_deal_rot_enabled: false } }), (d) => is("name", d.name === "Renamed" && d.is_deal_rot_enabled === false));
    await check("v2 getStages by pipeline", () => stages.getStages({ pipeline_id: pipeline.id, sort_by: "order_nr", limit: 500 }), (d) => is("list", d.length === 1 && d[0].id === stage.id));
    await check("v2 deleteStage", () => stages.deleteStage({ id: stage.id }), (d) => is("id", d.id === stage.id));
  }
  await check("v2 getPipelines", () => pipelines.getPipelines({ limit: 500 }), (d) => is("missing", d.some((p) => p.id === pipeline.id)));
}

const roles = new v1.RolesApi(new v1.Configuration(one));
const role = await check("v1 addRole", () => roles.addRole({ AddRoleRequest: { name: "Node role" } }), (d) => is("id", d.id));
if (role) {
  await check("v1 addOrUpdateRoleSetting", () => roles.addOrUpdateRoleSetting({ id: role.id, AddOrUpdateRoleSettingRequest: { setting_key: "deal_default_visibility", value: 3 } }));
  await check("v1 getRoleSettings", () => roles.getRoleSettings({ id: role.id }), (d) => is(JSON.stringify(d), d.deal_default_visibility === 3));
  if (pipeline) {
    await check("v1 updateRolePipelines", () => roles.updateRolePipelines({ id: role.id, PutRolePipelinesBody: { visible_pipeline_ids: { add: [pipeline.id] } } }));
    await check("v1 getRolePipelines", () => roles.getRolePipelines({ id: role.id, visible: true }), (d) => is(JSON.stringify(d), JSON.stringify(d.pipeline_ids ?? d).includes(String(pipeline.id))));
  }
  if (me) {
    await check("v1 addRoleAssignment", () => roles.addRoleAssignment({ id: role.id, AddRoleAssignmentRequest: { user_id: me.id } }));
    await check("v1 getRoleAssignments", () => roles.getRoleAssignments({ id: role.id }), (d) => is("member", d.some((a) => a.user_id === me.id)));
  }
  await check("v1 updateRole", () => roles.updateRole({ id: role.id, BaseRole: { name: "Node role 2" } }));
  await check("v1 getRoles", () => roles.getRoles({ limit: 500 }), (d) => is("missing", d.some((r) => r.id === role.id)));
}

const dealFields = new v2.DealFieldsApi(new v2.Configuration(two));
const field = await check(
  "v2 addDealField",
  () => dealFields.addDealField({ AddDealFieldRequest: { field_name: "Node priority", field_type: "enum", options: [{ label: "Low" }, { label: "High" }] } }),
  (d) => is("options", d.field_code && d.options?.length === 2),
);
if (field) {
  const low = field.options.find((o) => o.label === "Low");
  await check("v2 updateDealFieldOptions", () => dealFields.updateDealFieldOptions({ field_code: field.field_code, UpdateDealFieldOptionsRequestInner: [{ id: low.id, label: "Lowest" }] }), (d) => is(JSON.stringify(d), d.some((o) => o.id === low.id && o.label === "Lowest")));
  await check("v2 addDealFieldOptions", () => dealFields.addDealFieldOptions({ field_code: field.field_code, AddDealFieldOptionsRequestInner: [{ label: "Medium" }] }), (d) => is(JSON.stringify(d), d.some((o) => o.label === "Medium")));
  await check("v2 getDealFields with include_fields", () => dealFields.getDealFields({ include_fields: "ui_visibility,important_fields,required_fields", limit: 500 }), (d) => is("missing", d.some((f) => f.field_code === field.field_code && f.options.length === 3)));
  await check("v2 deleteDealField", () => dealFields.deleteDealField({ field_code: field.field_code }));
}

const boards = new v2.ProjectBoardsApi(new v2.Configuration(two));
const phases = new v2.ProjectPhasesApi(new v2.Configuration(two));
const board = await check("v2 addProjectBoard", () => boards.addProjectBoard({ AddProjectBoardRequest: { name: "Node board" } }), (d) => is("id", d.id));
if (board) {
  const phase = await check("v2 addProjectPhase", () => phases.addProjectPhase({ AddProjectPhaseRequest: { name: "Kickoff", board_id: board.id } }), (d) => is("board", d.board_id === board.id));
  await check("v2 getProjectsPhases", () => phases.getProjectsPhases({ board_id: board.id }), (d) => is("list", phase && d.some((p) => p.id === phase.id)));
  if (phase) await check("v2 deleteProjectPhase", () => phases.deleteProjectPhase({ id: phase.id }));
  await check("v2 deleteProjectBoard", () => boards.deleteProjectBoard({ id: board.id }));
}

const activityTypes = new v1.ActivityTypesApi(new v1.Configuration(one));
const type = await check("v1 addActivityType", () => activityTypes.addActivityType({ AddActivityTypeRequest: { name: "Node demo", icon_key: "presentation", color: "FFD700" } }), (d) => is("icon", d.icon_key === "presentation"));
if (type) {
  await check("v1 updateActivityType", () => activityTypes.updateActivityType({ id: type.id, UpdateActivityTypeRequest: { name: "Node demo 2", order_nr: 1 } }), (d) => is("name", d.name === "Node demo 2"));
  await check("v1 deleteActivityType", () => activityTypes.deleteActivityType({ id: type.id }));
}

const leadLabels = new v1.LeadLabelsApi(new v1.Configuration(one));
const label = await check("v1 addLeadLabel", () => leadLabels.addLeadLabel({ AddLeadLabelRequest: { name: "Node hot", color: "red" } }), (d) => is("uuid", typeof d.id === "string"));
if (label) {
  await check("v1 updateLeadLabel", () => leadLabels.updateLeadLabel({ id: label.id, UpdateLeadLabelRequest: { color: "blue" } }), (d) => is("color", d.color === "blue"));
  await check("v1 deleteLeadLabel", () => leadLabels.deleteLeadLabel({ id: label.id }));
}

const webhooks = new v1.WebhooksApi(new v1.Configuration(one));
const hook = await check(
  "v1 addWebhook",
  () => webhooks.addWebhook({ AddWebhookRequest: { name: "Node hook", subscription_url: "https://hooks.example.com/p", event_action: "create", event_object: "deal", http_auth_user: "u", http_auth_password: "secret-pass", version: "2.0" } }),
  (d) => is("password shown", !JSON.stringify(d).includes("secret-pass")),
);
if (hook) await check("v1 deleteWebhook", () => webhooks.deleteWebhook({ id: hook.id }));

if (pipeline) await check("v2 deletePipeline", () => pipelines.deletePipeline({ id: pipeline.id }));
if (role) await check("v1 deleteRole", () => roles.deleteRole({ id: role.id }));

console.log(`${calls} calls through the official client, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
