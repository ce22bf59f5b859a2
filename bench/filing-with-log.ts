/** The filing both call-log benchmarks post: the same complaint each time, with the log under test. */
export function filingWithLog(csrf: string, log: File): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries({
    csrf,
    institution: "招商银行",
    product: "credit_card",
    categories: "harassment.repeated_calls",
    incidentStart: "2026-09-01",
    narrative: "催收员一天打了三十多个电话，还在晚上十一点以后打。",
    priorComplaint: "no",
    consumerPhone: "13912345678",
    region: "310000",
  }))
    form.append(k, v);
  form.append("callLog", log);
  return form;
}
