// specscope-cli export / import / runs: stored traces in and out.
#include <iomanip>
#include <iostream>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "trace/export_csv.h"
#include "trace/export_json.h"
#include "trace/export_perfetto.h"
#include "trace/import_json.h"
#include "trace/trace_store.h"

namespace specscope::cli {

int cmd_export(const std::vector<std::string>& argv) {
    Args args(argv, {});
    args.only({"trace", "run", "format", "out"});
    auto store = TraceStore::open(args.required("trace"), TraceStore::Mode::ReadOnly);
    const RunTrace trace = store->load_run(args.integer("run", 0, 1, INT64_MAX));
    const std::string format = args.required("format"), out = args.required("out");
    if (format == "json") export_json(trace, out);
    else if (format == "csv") export_csv(trace, out);
    else if (format == "perfetto") export_perfetto(trace, out);
    else throw UsageError("--format must be json, csv or perfetto");
    std::cout << "exported run " << trace.info.id << " (" << trace.steps.size() << " steps) to " << out << "\n";
    return 0;
}

int cmd_import(const std::vector<std::string>& argv) {
    Args args(argv, {});
    args.only({"trace", "in"});
    const RunTrace trace = import_json(args.required("in"));
    auto store = TraceStore::open(args.required("trace"), TraceStore::Mode::ReadWrite);
    const int64_t id = store->write_run(trace);
    std::cout << "imported as run " << id << " into " << args.required("trace") << "\n";
    return 0;
}

int cmd_runs(const std::vector<std::string>& argv) {
    Args args(argv, {});
    args.only({"trace"});
    auto store = TraceStore::open(args.required("trace"), TraceStore::Mode::ReadOnly);
    std::cout << std::left << std::setw(6) << "id" << std::setw(14) << "strategy" << std::setw(11) << "status"
              << std::right << std::setw(8) << "tokens" << std::setw(7) << "tau" << std::setw(9) << "accept"
              << std::setw(10) << "tok/s" << "  name\n";
    for (const auto& r : store->list_runs())
        std::cout << std::left << std::setw(6) << r.id << std::setw(14) << r.strategy << std::setw(11) << r.status
                  << std::right << std::setw(8) << r.new_tokens << std::fixed << std::setprecision(2) << std::setw(7)
                  << r.tau << std::setw(8) << std::setprecision(1) << r.acceptance * 100 << "%" << std::setw(10)
                  << r.tokens_per_s << "  " << r.name << "\n";
    return 0;
}

} // namespace specscope::cli
