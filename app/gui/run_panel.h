// The run panel: what to run. Model pickers (the bundled demo pair
// preselected, any Hugging Face directory through a file dialog) with a
// load progress bar and Cancel; the method with a parameter form generated
// from its declared parameters and defaults; the prompt; sampling and seed;
// and the Run / Pause / Step / Stop buttons (the main window's actions).
#pragma once

#include <QWidget>

#include <map>
#include <vector>

#include "gui/engine_session.h"

class QAction;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSettings;
class QSpinBox;

namespace specscope {
namespace gui {

class RunPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunPanel(QWidget* parent = nullptr);

    void setRunActions(QAction* run, QAction* pause, QAction* step, QAction* stop);

    QString targetPath() const;
    QString draftPath() const;  // "" = none
    QString device() const;
    QString dtype() const;
    QString strategy() const;
    RunRequest request() const;  // the strategy, its parameters, prompt and sampling

    void setStrategy(const QString& name);
    void setPrompt(const QString& text);
    void setMaxNewTokens(int n);
    void setParam(const QString& name, const QVariant& value);  // for --demo and tests
    bool strategyNeedsDraft() const;

    // Loading state: the progress bar and Cancel while loading, then what is loaded.
    void setLoading(bool loading);
    void setLoadProgress(int done, int total);
    void setLoaded(const QString& target, const QString& draft, int layers);
    void setLoadError(const QString& message);
    // True when the chosen models differ from the loaded ones.
    bool modelsChanged() const;

    void saveSettings(QSettings& s) const;
    void restoreSettings(const QSettings& s);

Q_SIGNALS:
    void loadRequested();
    void cancelLoadRequested();
    void strategyChanged(const QString& name);

private:
    void rebuildParamForm();
    void browse(QComboBox* box);
    QWidget* makeEditor(const ParamDescription& p);

    std::vector<StrategyDescription> strategies_;
    QComboBox* target_ = nullptr;
    QComboBox* draft_ = nullptr;
    QComboBox* device_ = nullptr;
    QComboBox* dtype_ = nullptr;
    QPushButton* load_ = nullptr;
    QPushButton* cancelLoad_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* loaded_ = nullptr;
    QComboBox* strategy_ = nullptr;
    QLabel* description_ = nullptr;
    QFormLayout* paramForm_ = nullptr;
    std::map<std::string, QWidget*> paramEditors_;
    QComboBox* examples_ = nullptr;
    QPlainTextEdit* prompt_ = nullptr;
    QDoubleSpinBox* temperature_ = nullptr;
    QSpinBox* topK_ = nullptr;
    QDoubleSpinBox* topP_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QSpinBox* maxTokens_ = nullptr;
    QWidget* buttons_ = nullptr;
    QString loadedTarget_, loadedDraft_;
};

} // namespace gui
} // namespace specscope
