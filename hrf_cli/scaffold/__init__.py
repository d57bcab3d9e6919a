"""hrf new: templates, answers, rendering and creating report folders without clobbering."""
