// The descriptions (name, parameters, factory) of the built-in strategies;
// each lives in its own strategy_*.cpp. strategy_registry() lists them.
#pragma once

#include "decode/strategy.h"

namespace specscope {

StrategyInfo ar_strategy_info();
StrategyInfo sps_strategy_info();
StrategyInfo tree_static_strategy_info();
StrategyInfo tree_dynamic_strategy_info();
StrategyInfo lookup_strategy_info();
StrategyInfo kangaroo_strategy_info();

} // namespace specscope
