// The parts of MathJax (mathjax-full's js/) that gzh's TeX → SVG uses. `npm run build` bundles this file into
// dist/vendor/mathjax.cjs (~2 MB), so an install carries that instead of mathjax-full (52 MB with
// speech-rule-engine, which this path never loads). In a checkout it runs as is, from the devDependency.
// TeX packages: the usual ones. Left out: html/action (ids, classes, links), noerrors/noundefined (we want
// errors), require/autoload (async).
// loaded in this order, as before: the engine, then the packages' configurations (they register themselves)
const { mathjax } = require('mathjax-full/js/mathjax.js');
const { TeX } = require('mathjax-full/js/input/tex.js');
const { SVG } = require('mathjax-full/js/output/svg.js');
const { liteAdaptor } = require('mathjax-full/js/adaptors/liteAdaptor.js');
const { RegisterHTMLHandler } = require('mathjax-full/js/handlers/html.js');
require('mathjax-full/js/input/tex/base/BaseConfiguration.js');
require('mathjax-full/js/input/tex/ams/AmsConfiguration.js');
require('mathjax-full/js/input/tex/amscd/AmsCdConfiguration.js');
require('mathjax-full/js/input/tex/boldsymbol/BoldsymbolConfiguration.js');
require('mathjax-full/js/input/tex/braket/BraketConfiguration.js');
require('mathjax-full/js/input/tex/cancel/CancelConfiguration.js');
require('mathjax-full/js/input/tex/cases/CasesConfiguration.js');
require('mathjax-full/js/input/tex/centernot/CenternotConfiguration.js');
require('mathjax-full/js/input/tex/color/ColorConfiguration.js');
require('mathjax-full/js/input/tex/empheq/EmpheqConfiguration.js');
require('mathjax-full/js/input/tex/enclose/EncloseConfiguration.js');
require('mathjax-full/js/input/tex/extpfeil/ExtpfeilConfiguration.js');
require('mathjax-full/js/input/tex/gensymb/GensymbConfiguration.js');
require('mathjax-full/js/input/tex/mathtools/MathtoolsConfiguration.js');
require('mathjax-full/js/input/tex/mhchem/MhchemConfiguration.js');
require('mathjax-full/js/input/tex/newcommand/NewcommandConfiguration.js');
require('mathjax-full/js/input/tex/physics/PhysicsConfiguration.js');
require('mathjax-full/js/input/tex/textcomp/TextcompConfiguration.js');
require('mathjax-full/js/input/tex/textmacros/TextMacrosConfiguration.js');
require('mathjax-full/js/input/tex/upgreek/UpgreekConfiguration.js');
require('mathjax-full/js/input/tex/unicode/UnicodeConfiguration.js');

module.exports = {
  mathjax,
  TeX,
  SVG,
  liteAdaptor,
  RegisterHTMLHandler,
  packages: ['base', 'ams', 'amscd', 'boldsymbol', 'braket', 'cancel', 'cases', 'centernot', 'color', 'empheq', 'enclose', 'extpfeil', 'gensymb', 'mathtools', 'mhchem', 'newcommand', 'physics', 'textcomp', 'textmacros', 'upgreek', 'unicode'],
};
