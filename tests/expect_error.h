// Shared by the tests: EXPECT_ERROR(expr, "keyword", ...) requires that expr
// throws specscope::Error whose message contains every keyword; join() makes a
// path inside a temporary folder.
#pragma once

#include <QTemporaryDir>
#include <QtTest>

#include <string>
#include <vector>

#include "util/error.h"

// Runs EXPR, requires a specscope::Error whose what() contains every keyword.
#define EXPECT_ERROR(EXPR, ...)                                                                  \
    do {                                                                                         \
        std::string msg_;                                                                        \
        bool thrown_ = false;                                                                    \
        try {                                                                                    \
            EXPR;                                                                                \
        } catch (const specscope::Error& e) {                                                    \
            thrown_ = true;                                                                      \
            msg_ = e.what();                                                                     \
        }                                                                                        \
        QVERIFY2(thrown_, "expected specscope::Error from " #EXPR);                              \
        for (const std::string& kw_ : std::vector<std::string>{__VA_ARGS__})                     \
            QVERIFY2(msg_.find(kw_) != std::string::npos,                                        \
                     qPrintable(QStringLiteral("message \"%1\" lacks \"%2\"")                   \
                                    .arg(QString::fromStdString(msg_), QString::fromStdString(kw_)))); \
    } while (0)

inline std::string join(const QTemporaryDir& dir, const std::string& name) {
    return dir.path().toStdString() + "/" + name;
}
