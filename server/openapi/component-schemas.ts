import { AgentPage, AgentView, CreatedAgent } from "../agents/schemas";
import { BalanceView, TransactionPage } from "../billing/schemas";
import { CoordinationEchoResponse, EchoResponse, LogsPage, MessageLogView } from "../echo/schemas";
import { HealthReport } from "../health/schemas";
import {
  AgentKeyList,
  ApiKeyView,
  CallingKey,
  IssuedKey,
  IssuedSigningSecret,
  RotatedKey,
} from "../keys/schemas";
import { BreakerReport, ChatCompletion, ChatCompletionChunk, ModelList, UsageMe } from "../llm/schemas";
import { OrgList, OrgOverview, OrgView } from "../orgs/schemas";
import { PaymentPage, TopupView, WebhookReceipt } from "../payments/schemas";

// The schemas the document names as components (a `$ref` wherever they appear), so the typed
// client and the reference show `AgentView` rather than an anonymous object.

export const COMPONENT_SCHEMAS = {
  AgentView,
  AgentPage,
  CreatedAgent,
  ApiKeyView,
  AgentKeyList,
  IssuedKey,
  RotatedKey,
  IssuedSigningSecret,
  CallingKey,
  EchoResponse,
  CoordinationEchoResponse,
  MessageLogView,
  LogsPage,
  BalanceView,
  TransactionPage,
  PaymentPage,
  TopupView,
  WebhookReceipt,
  ChatCompletion,
  ChatCompletionChunk,
  ModelList,
  UsageMe,
  BreakerReport,
  OrgList,
  OrgView,
  OrgOverview,
  HealthReport,
};
